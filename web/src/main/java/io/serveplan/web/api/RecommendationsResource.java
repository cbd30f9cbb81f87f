package io.serveplan.web.api;

import io.serveplan.web.db.RunKind;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;

/** {@code /api/v1/recommendations}: the workload sheet of {@code serveplan recommend}, answered with ranked options. */
@Path("/recommendations")
@Produces(MediaType.APPLICATION_JSON)
public class RecommendationsResource extends RunResource {

  @Override
  RunKind kind() {
    return RunKind.RECOMMENDATION;
  }

  @POST
  @Consumes({MediaType.APPLICATION_JSON, "application/yaml", "application/x-yaml", "text/yaml"})
  public Response submit(InputStream body, @HeaderParam("Content-Type") MediaType type) {
    return super.submit(body, type);
  }

  @GET
  @Path("{id}")
  public Response get(@PathParam("id") String id) {
    return super.get(id);
  }

  @GET
  public Response list(@QueryParam("page") String page, @QueryParam("size") String size) {
    return super.list(page, size);
  }

  @DELETE
  @Path("{id}")
  public Response cancelOrRemove(@PathParam("id") String id) {
    return super.cancelOrRemove(id);
  }
}

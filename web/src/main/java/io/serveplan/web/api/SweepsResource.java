package io.serveplan.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.serveplan.web.db.Run;
import io.serveplan.web.db.RunKind;
import io.serveplan.web.run.SweepHandler;
import io.serveplan.web.server.AppServices;
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

/**
 * {@code /api/v1/sweeps}: {@code serveplan sweep-rate} as runs. The body is a what-if spec (as for
 * {@code /simulations}); {@code ?points=N} or {@code ?rates=r1,r2,...} choose the offered rates.
 * The checked-in OpenAPI document ({@code openapi.yaml}, operations {@code *Sweep*}) describes them.
 */
@Path("/sweeps")
@Produces(MediaType.APPLICATION_JSON)
public class SweepsResource extends RunResource {

  @Override
  RunKind kind() {
    return RunKind.SWEEP;
  }

  @POST
  @Consumes({MediaType.APPLICATION_JSON, "application/yaml", "application/x-yaml", "text/yaml"})
  public Response submit(InputStream body, @HeaderParam("Content-Type") MediaType type,
      @QueryParam("points") String points, @QueryParam("rates") String rates) {
    AppServices s = services();
    JsonNode whatIf = JsonBodies.read(body, type, s.config().maxBodyBytes(), s.json());
    Run run = s.runs().submit(kind(), SweepHandler.document(whatIf, points, rates));
    return accepted(run);
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

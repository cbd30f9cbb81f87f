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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/v1/recommendations}: the workload sheet of {@code serveplan recommend}, answered with ranked options. */
@Path("/recommendations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "recommendations", description = "Ranked serving options for a workload")
public class RecommendationsResource extends RunResource {

  @Override
  RunKind kind() {
    return RunKind.RECOMMENDATION;
  }

  @POST
  @Consumes({MediaType.APPLICATION_JSON, "application/yaml", "application/x-yaml", "text/yaml"})
  @Operation(summary = "Submit a recommendation (a workload sheet); it runs on the worker pool")
  @APIResponse(responseCode = "202", description = "accepted: the run's id, status and URL (Location)")
  @APIResponse(responseCode = "400", description = "malformed JSON")
  @APIResponse(responseCode = "413", description = "body or run larger than this server allows")
  @APIResponse(responseCode = "422", description = "invalid fields, each named")
  @APIResponse(responseCode = "429", description = "queue full; see Retry-After")
  public Response submit(InputStream body, @HeaderParam("Content-Type") MediaType type) {
    return super.submit(body, type);
  }

  @GET
  @Path("{id}")
  @Operation(summary = "One recommendation: status, progress (0..1), times, spec and, when done, the result")
  public Response get(@PathParam("id") String id) {
    return super.get(id);
  }

  @GET
  @Operation(summary = "Recommendations, newest first, paged (page from 0, size 1..100, default 20)")
  public Response list(@QueryParam("page") String page, @QueryParam("size") String size) {
    return super.list(page, size);
  }

  @DELETE
  @Path("{id}")
  @Operation(summary = "Cancel a queued or running recommendation (200, now cancelled) or remove a finished one (204)")
  public Response cancelOrRemove(@PathParam("id") String id) {
    return super.cancelOrRemove(id);
  }
}

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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/v1/sweeps}: {@code serveplan sweep-rate} as runs. The body is a what-if spec (as for
 * {@code /simulations}); {@code ?points=N} or {@code ?rates=r1,r2,...} choose the offered rates.
 */
@Path("/sweeps")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sweeps", description = "Throughput-latency curves of one replica over offered rates")
public class SweepsResource extends RunResource {

  @Override
  RunKind kind() {
    return RunKind.SWEEP;
  }

  @POST
  @Consumes({MediaType.APPLICATION_JSON, "application/yaml", "application/x-yaml", "text/yaml"})
  @Operation(summary = "Submit a rate sweep of a what-if spec (points 3..50, default 10, or rates in req/s); "
      + "progress moves one step per rate; the result has sweep-rate's keys (curve, knee_rps, max_rps, service_rps, slo)")
  @APIResponse(responseCode = "202", description = "accepted: the run's id, status and URL (Location)")
  @APIResponse(responseCode = "400", description = "malformed JSON")
  @APIResponse(responseCode = "401", description = "a token is required and was not given")
  @APIResponse(responseCode = "413", description = "body or run larger than this server allows")
  @APIResponse(responseCode = "422", description = "invalid fields (points, rates[i], the spec's), each named")
  @APIResponse(responseCode = "429", description = "queue full; see Retry-After")
  public Response submit(InputStream body, @HeaderParam("Content-Type") MediaType type,
      @QueryParam("points") String points, @QueryParam("rates") String rates) {
    AppServices s = services();
    JsonNode whatIf = JsonBodies.read(body, type, s.config().maxBodyBytes(), s.json());
    Run run = s.runs().submit(kind(), SweepHandler.document(whatIf, points, rates));
    return accepted(run);
  }

  @GET
  @Path("{id}")
  @Operation(summary = "One sweep: status, progress (0..1), times, spec and, when done, the curve")
  public Response get(@PathParam("id") String id) {
    return super.get(id);
  }

  @GET
  @Operation(summary = "Sweeps, newest first, paged (page from 0, size 1..100, default 20)")
  public Response list(@QueryParam("page") String page, @QueryParam("size") String size) {
    return super.list(page, size);
  }

  @DELETE
  @Path("{id}")
  @Operation(summary = "Cancel a queued or running sweep (200, now cancelled) or remove a finished one (204)")
  public Response cancelOrRemove(@PathParam("id") String id) {
    return super.cancelOrRemove(id);
  }
}

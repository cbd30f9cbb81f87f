package io.serveplan.web.ui;

import io.serveplan.hardware.document.FieldError;
import io.serveplan.reports.ChartImages;
import io.serveplan.reports.CompareCharts;
import io.serveplan.reports.SimulationCharts;
import io.serveplan.reports.SimulationDocument;
import io.serveplan.web.api.ApiException;
import io.serveplan.web.db.RunKind;
import io.serveplan.web.server.AppServices;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Two or three finished simulations in one chart, each in its run colour (A, B, C in the order of
 * {@code runs}), for the UI's compare page.
 *
 * <pre>
 *   GET /api/v1/compare/{ttft_cdf|tpot_cdf|e2el_cdf}.png?runs=id1,id2[,id3]
 * </pre>
 */
@Path("/compare")
public class CompareResource {

  @Context ServletContext servletContext;

  @GET
  @Path("{chart}.png")
  @Produces("image/png")
  public Response chart(@PathParam("chart") String chart, @QueryParam("runs") String runs) {
    SimulationCharts.Latency metric = latency(chart);
    List<String> ids = ids(runs);
    AppServices s = AppServices.from(servletContext);
    List<CompareCharts.Run> compared = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      SimulationDocument doc = (SimulationDocument) ReportsResource.stored(s, RunKind.SIMULATION, ids.get(i));
      compared.add(new CompareCharts.Run((char) ('A' + i) + " " + ids.get(i).substring(0, Math.min(8, ids.get(i).length())),
          doc));
    }
    byte[] png = ChartImages.png(CompareCharts.latencyCdf(compared, metric));
    return Response.ok(png, "image/png").cacheControl(ReportsResource.immutable()).build();
  }

  private static SimulationCharts.Latency latency(String chart) {
    for (SimulationCharts.Latency l : SimulationCharts.Latency.values()) {
      if ((l.id() + "_cdf").equals(chart)) {
        return l;
      }
    }
    throw ApiException.notFound("compare chart '" + chart + "' (allowed: "
        + String.join(", ", Arrays.stream(SimulationCharts.Latency.values()).map(l -> l.id() + "_cdf").toList()) + ")");
  }

  private static List<String> ids(String runs) {
    List<String> ids = runs == null ? List.of()
        : Arrays.stream(runs.split(",")).map(String::trim).filter(r -> !r.isEmpty()).toList();
    if (ids.size() < 2 || ids.size() > CompareCharts.MAX_RUNS) {
      throw new ApiException(422, "invalid-fields", "Invalid fields", "runs: give 2 to " + CompareCharts.MAX_RUNS
          + " simulation ids separated by commas, got " + ids.size(),
          List.of(new FieldError("runs", "2 to " + CompareCharts.MAX_RUNS + " simulation ids, got " + ids.size())));
    }
    if (ids.stream().distinct().count() != ids.size()) {
      throw new ApiException(422, "invalid-fields", "Invalid fields", "runs: the same run is named twice",
          List.of(new FieldError("runs", "the same run is named twice")));
    }
    return ids;
  }
}

package io.serveplan.web.ui;

import io.serveplan.reports.HtmlReport;
import io.serveplan.reports.ResultDocument;
import io.serveplan.web.api.ApiException;
import io.serveplan.web.db.Run;
import io.serveplan.web.db.RunKind;
import io.serveplan.web.run.ResultDocuments;
import io.serveplan.web.server.AppServices;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

/**
 * Reports of stored runs for the UI: the same HTML report as {@code serveplan report} and its
 * charts as PNG, drawn by the reports module from the run's stored result.
 *
 * <pre>
 *   GET /api/v1/reports/{simulations|recommendations|sweeps}/{id}/index.html
 *   GET /api/v1/reports/{simulations|recommendations|sweeps}/{id}/{chart}.png
 * </pre>
 */
@Path("/reports/{kind}/{id}")
public class ReportsResource {

  @Context ServletContext servletContext;

  @GET
  @Path("index.html")
  @Produces("text/html; charset=utf-8")
  public Response report(@PathParam("kind") String kind, @PathParam("id") String id) {
    return Response.ok(HtmlReport.html(result(kind, id))).cacheControl(immutable()).build();
  }

  @GET
  @Path("{chart}.png")
  @Produces("image/png")
  public Response chart(@PathParam("kind") String kind, @PathParam("id") String id,
      @PathParam("chart") String chart) {
    ResultDocument result = result(kind, id);
    byte[] png;
    try {
      png = HtmlReport.chartPng(result, chart);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound(e.getMessage());
    }
    return Response.ok(png, "image/png").cacheControl(immutable()).build();
  }

  private ResultDocument result(String kind, String id) {
    RunKind runKind = switch (kind) {
      case "simulations" -> RunKind.SIMULATION;
      case "recommendations" -> RunKind.RECOMMENDATION;
      case "sweeps" -> RunKind.SWEEP;
      default -> throw ApiException.notFound(
          "report kind '" + kind + "'; allowed: simulations, recommendations, sweeps");
    };
    return stored(AppServices.from(servletContext), runKind, id);
  }

  /** A finished run's stored result as its report reads it; 404 for a run that is not there or not done. */
  static ResultDocument stored(AppServices s, RunKind runKind, String id) {
    Run run = s.runs().find(runKind, id)
        .orElseThrow(() -> ApiException.notFound(runKind.id() + " " + id));
    String json = run.resultJson()
        .orElseThrow(() -> ApiException.notFound(runKind.id() + " " + id + " has no result yet ("
            + run.status().id() + ")"));
    try {
      return ResultDocuments.read(json);
    } catch (IllegalArgumentException e) {
      // a stored result the report cannot read is the server's fault, not the caller's
      throw new IllegalStateException("stored result of " + runKind.id() + " " + id + ": " + e.getMessage(), e);
    }
  }

  /** A finished run's result never changes. */
  static CacheControl immutable() {
    CacheControl c = new CacheControl();
    c.setMaxAge(3600);
    return c;
  }
}

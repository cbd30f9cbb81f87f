package io.serveplan.web.api;

import io.serveplan.web.server.AppServices;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;

/** {@code /api/v1/metrics}: run counters, queue depth and run durations in the Prometheus text format. */
@Path("/metrics")
public class MetricsResource {

  @Context ServletContext servletContext;

  @GET
  @Produces("text/plain; version=0.0.4; charset=utf-8")
  public String metrics() {
    return AppServices.from(servletContext).runs().prometheusMetrics();
  }
}

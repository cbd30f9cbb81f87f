package io.serveplan.web.api;

import io.serveplan.web.server.AppServices;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/v1/health}: 200 {@code {"status":"UP"}} when the database answers, 503 otherwise,
 * in the shape of MicroProfile Health (whose own {@code /health} the server also serves).
 */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

  @Context ServletContext servletContext;

  @GET
  public Response health() {
    AppServices s = AppServices.from(servletContext);
    boolean dbUp = s.db().isUp();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("queue_depth", s.runs().queueDepth());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", dbUp ? "UP" : "DOWN");
    Map<String, Object> database = new LinkedHashMap<>();
    database.put("name", "database");
    database.put("status", dbUp ? "UP" : "DOWN");
    Map<String, Object> runs = new LinkedHashMap<>();
    runs.put("name", "runs");
    runs.put("status", "UP");
    runs.put("data", data);
    body.put("checks", java.util.List.of(database, runs));
    return Json.status(dbUp ? 200 : 503, body).build();
  }
}

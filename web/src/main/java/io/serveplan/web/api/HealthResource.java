package io.serveplan.web.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

@Path("/health")
public class HealthResource {
  @GET
  @Produces("application/json")
  public String health() {
    return "{\"status\":\"UP\"}";
  }
}

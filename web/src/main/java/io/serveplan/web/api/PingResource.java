package io.serveplan.web.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

@Path("/ping")
public class PingResource {
  @GET
  @Produces("text/plain")
  public String ping() {
    return "pong " + com.fasterxml.jackson.databind.ObjectMapper.class.getProtectionDomain().getCodeSource().getLocation();
  }
}

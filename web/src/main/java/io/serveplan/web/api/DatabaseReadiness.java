package io.serveplan.web.api;

import io.serveplan.web.server.AppServices;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** MicroProfile Health readiness ({@code /health/ready}): the database answers, with the queue depth. */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

  @Inject ServletContext servletContext;

  @Override
  public HealthCheckResponse call() {
    AppServices s = AppServices.from(servletContext);
    return HealthCheckResponse.named("serveplan-database")
        .status(s.db().isUp())
        .withData("queue_depth", s.runs().queueDepth())
        .build();
  }
}

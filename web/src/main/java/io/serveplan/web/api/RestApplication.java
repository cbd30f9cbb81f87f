package io.serveplan.web.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/**
 * The REST API's root: every resource lives under {@code /api/v1}. Resources and providers are
 * discovered by their annotations; the OpenAPI document is served at {@code /openapi}.
 */
@ApplicationPath("/api/v1")
@OpenAPIDefinition(info = @Info(title = "ServePlan API", version = "1",
    description = "What-if simulations, recommendations, catalogs and calibration profiles. Errors are "
        + "application/problem+json naming each offending field."))
public class RestApplication extends Application {

  /**
   * Jersey answers OPTIONS with a generated WADL document that names Java types; it is switched
   * off (OPTIONS still answers 200 with {@code Allow}). The OpenAPI document describes the API.
   */
  @Override
  public java.util.Map<String, Object> getProperties() {
    return java.util.Map.of("jersey.config.server.wadl.disableWadl", true);
  }
}

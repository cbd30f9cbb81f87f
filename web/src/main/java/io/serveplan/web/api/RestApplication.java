package io.serveplan.web.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The REST API's root: every resource lives under {@code /api/v1}. Resources and providers are
 * discovered by their annotations. The contract is the checked-in OpenAPI document
 * ({@link OpenApiDocument}), served at {@code /openapi} and {@code /api/v1/openapi.yaml};
 * {@code OpenApiDocumentTest} fails when a resource method is missing from it.
 */
@ApplicationPath("/api/v1")
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

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
public class RestApplication extends Application {}

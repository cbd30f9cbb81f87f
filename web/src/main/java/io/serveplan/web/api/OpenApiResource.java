package io.serveplan.web.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

/** {@code /api/v1/openapi.yaml}: the API's checked-in OpenAPI document ({@link OpenApiDocument}). */
@Path("/openapi.yaml")
public class OpenApiResource {

  @GET
  @Produces(OpenApiDocument.MEDIA_TYPE)
  public Response document() {
    return Response.ok(OpenApiDocument.bytes(), OpenApiDocument.MEDIA_TYPE).build();
  }
}

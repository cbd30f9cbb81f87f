package io.serveplan.web.api;

import io.serveplan.web.server.AppServices;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/v1/catalog}: the GPUs, models, engine presets and hosted APIs this server knows. */
@Path("/catalog")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "catalog", description = "Catalog entries, with their sources and dates")
public class CatalogResource {

  @Context ServletContext servletContext;

  @GET
  @Path("gpus")
  public Response gpus() {
    return Json.ok(AppServices.from(servletContext).catalog().gpus());
  }

  @GET
  @Path("models")
  public Response models() {
    return Json.ok(AppServices.from(servletContext).catalog().models());
  }

  @GET
  @Path("engines")
  public Response engines() {
    return Json.ok(AppServices.from(servletContext).catalog().engines());
  }

  @GET
  @Path("apis")
  public Response apis() {
    return Json.ok(AppServices.from(servletContext).prices().apiPrices());
  }
}

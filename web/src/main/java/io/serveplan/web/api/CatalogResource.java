package io.serveplan.web.api;

import io.serveplan.web.server.AppServices;
import jakarta.servlet.ServletContext;
import com.fasterxml.jackson.databind.JsonNode;
import io.serveplan.hardware.CatalogException;
import io.serveplan.hardware.document.FieldError;
import io.serveplan.web.server.CatalogStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PathParam;
import java.io.InputStream;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code /api/v1/catalog}: the GPUs, models, engine presets and hosted APIs this server knows. */
@Path("/catalog")
@Produces(MediaType.APPLICATION_JSON)
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

  /** GPU-hour prices by provider and tier, each with its source, date and stale flag. */
  @GET
  @Path("gpu-prices")
  public Response gpuPrices() {
    return Json.ok(AppServices.from(servletContext).prices().gpuPrices());
  }

  /** Every custom entry stored on this server, with its origin ({@code custom} or {@code custom (replaces built-in)}). */
  @GET
  @Path("custom")
  public Response custom() {
    return Json.ok(AppServices.from(servletContext).catalogs().customEntries());
  }

  /**
   * Adds a custom GPU, model or engine entry, validated like a catalog file entry and stored: it
   * survives restarts and specs can name it at once. {@code 201} with the entry. Replacing a
   * built-in entry needs {@code ?replace=true} (409 otherwise).
   */
  @POST
  @Path("{kind: gpus|models|engines}")
  @Consumes({MediaType.APPLICATION_JSON, "application/yaml", "application/x-yaml", "text/yaml"})
  public Response add(@PathParam("kind") String kind, @QueryParam("replace") String replace, InputStream body,
      @HeaderParam("Content-Type") MediaType type) {
    AppServices s = AppServices.from(servletContext);
    JsonNode entry = JsonBodies.read(body, type, s.config().maxBodyBytes(), s.json());
    if (!entry.isObject() || !entry.path("id").isTextual()) {
      throw ApiException.badRequest("id", "the body must be one catalog entry with a text id");
    }
    String id = entry.path("id").asText();
    if (id.length() > CatalogIds.MAX_LENGTH) {
      throw new ApiException(422, "invalid-fields", "Invalid fields", "id: " + id.length()
          + " characters is longer than the " + CatalogIds.MAX_LENGTH + " allowed",
          List.of(new FieldError("id", "at most " + CatalogIds.MAX_LENGTH + " characters, got " + id.length())));
    }
    try {
      s.catalogs().add(kind, entry, "true".equalsIgnoreCase(replace));
    } catch (CatalogStore.ReplacesBuiltIn e) {
      throw new ApiException(409, "replaces-built-in", "Conflict", e.getMessage(),
          List.of(new FieldError("id", e.getMessage())));
    } catch (CatalogException e) {
      if (e.errors().isEmpty()) {
        throw ApiException.badRequest("entry", e.getMessage());
      }
      // The reader names fields in the document it was given (gpus[x].memory_gb); the client sent the entry alone.
      List<FieldError> errors = e.errors().stream()
          .map(f -> new FieldError(f.field().replaceFirst("^[a-z_]+\\[[^\\]]*\\]\\.?", ""), f.message(), f.allowed()))
          .map(f -> f.field().isEmpty() ? new FieldError("entry", f.message(), f.allowed()) : f).toList();
      throw new ApiException(400, "bad-request", "Bad request",
          errors.stream().map(FieldError::toString).collect(java.util.stream.Collectors.joining("; ")), errors);
    }
    return Json.status(201, entry).build();
  }

  /** Removes a custom entry (204); a built-in entry of the same id is back in the catalog. 404 when none is stored. */
  @DELETE
  @Path("{kind: gpus|models|engines}/{id}")
  public Response remove(@PathParam("kind") String kind, @PathParam("id") String id) {
    if (!AppServices.from(servletContext).catalogs().remove(kind, id)) {
      throw ApiException.notFound("custom " + kind + " entry '" + id + "'");
    }
    return Response.noContent().build();
  }
}

package io.serveplan.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.serveplan.hardware.document.FieldError;
import io.serveplan.simulator.spec.SpecException;
import io.serveplan.simulator.timing.CalibrationProfile;
import io.serveplan.web.db.StoredCalibration;
import io.serveplan.web.server.AppServices;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code /api/v1/calibrations}: calibration profiles made by {@code serveplan calibrate} on some
 * host, stored here so that a what-if spec can name one by id in {@code calibration}.
 */
@Path("/calibrations")
@Produces(MediaType.APPLICATION_JSON)
public class CalibrationsResource {

  static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

  @Context ServletContext servletContext;
  @Context UriInfo uri;

  @POST
  @Consumes({MediaType.APPLICATION_JSON, "application/yaml", "application/x-yaml", "text/yaml"})
  public Response store(InputStream body, @HeaderParam("Content-Type") MediaType type) {
    AppServices s = AppServices.from(servletContext);
    JsonNode tree = JsonBodies.read(body, type, s.config().maxBodyBytes(), s.json());
    if (!tree.isObject()) {
      throw new SpecException("profile", "must be an object (a calibration profile)");
    }
    CalibrationProfile profile = CalibrationProfile.fromJson(tree.toString());
    List<FieldError> errors = new ArrayList<>();
    if (profile.id() == null || !ID.matcher(profile.id()).matches()) {
      errors.add(new FieldError("id", "must be 1-100 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit"));
    }
    checkLength("hardware_id", profile.hardwareId(), CatalogIds.MAX_LENGTH, errors);
    checkLength("model_id", profile.modelId(), CatalogIds.MAX_LENGTH, errors);
    checkLength("backend", profile.backend(), 20, errors);
    if (profile.coefficients() == null) {
      errors.add(new FieldError("coefficients", "is required: the fitted timing coefficients"));
    }
    if (!errors.isEmpty()) {
      throw new SpecException(errors);
    }
    StoredCalibration stored = new StoredCalibration(profile.id(), profile.backend(), profile.hardwareId(),
        profile.modelId(), tree.toString(), OffsetDateTime.now(ZoneOffset.UTC));
    if (!s.db().insertCalibration(stored)) {
      throw new ApiException(409, "conflict", "Conflict",
          "a calibration profile with id '" + profile.id() + "' is stored already; delete it first or choose another id",
          List.of(new FieldError("id", "already exists")));
    }
    URI location = s.config().baseUrl().resolve("api/v1/calibrations/" + profile.id());
    return Json.status(201, summary(stored)).location(location).build();
  }

  /** The database column holds {@code max} characters; longer is refused (422), never a database error. */
  private static void checkLength(String field, String value, int max, List<FieldError> errors) {
    if (value != null && value.length() > max) {
      errors.add(new FieldError(field, "is " + value.length() + " characters long; at most " + max + " are allowed"));
    }
  }

  @GET
  public Response list() {
    return Json.ok(AppServices.from(servletContext).db().calibrations().stream().map(this::summary).toList());
  }

  @GET
  @Path("{id}")
  public Response get(@PathParam("id") String id) throws java.io.IOException {
    AppServices s = AppServices.from(servletContext);
    StoredCalibration c = s.db().findCalibration(id).orElseThrow(() -> ApiException.notFound("calibration " + id));
    return Json.ok(s.json().readTree(c.profileJson()));
  }

  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") String id) {
    if (!AppServices.from(servletContext).db().deleteCalibration(id)) {
      throw ApiException.notFound("calibration " + id);
    }
    return Response.noContent().build();
  }

  private Map<String, Object> summary(StoredCalibration c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", c.id());
    m.put("backend", c.backend());
    m.put("hardware", c.hardware());
    m.put("model", c.model());
    m.put("created_at", c.createdAt());
    m.put("href", uri.getBaseUriBuilder().path(CalibrationsResource.class).path(c.id()).build().getPath());
    return m;
  }
}

package io.serveplan.web.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Bad input found below the API (a catalog or price entry, a calibration profile that does not
 * read): 422 with the module's message, which names the field and the allowed values.
 */
@Provider
public final class IllegalArgumentMapper implements ExceptionMapper<IllegalArgumentException> {
  @Override
  public Response toResponse(IllegalArgumentException e) {
    String detail = e.getMessage() == null ? "invalid input" : e.getMessage().replaceAll("\\s*\\R\\s*", "; ");
    return ProblemResponses.of(Problem.of(422, "invalid-input", "Invalid input", detail));
  }
}

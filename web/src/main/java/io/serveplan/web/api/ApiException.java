package io.serveplan.web.api;

import io.serveplan.hardware.document.FieldError;
import java.util.List;

/**
 * An error answer decided by the API itself (not found, malformed body, body too large, missing
 * token...): the status, a short problem slug and a detail for the client.
 */
public class ApiException extends RuntimeException {

  private final int status;
  private final String slug;
  private final String title;
  private final List<FieldError> errors;

  public ApiException(int status, String slug, String title, String detail, List<FieldError> errors) {
    super(detail);
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.errors = List.copyOf(errors);
  }

  public ApiException(int status, String slug, String title, String detail) {
    this(status, slug, title, detail, List.of());
  }

  public static ApiException notFound(String what) {
    return new ApiException(404, "not-found", "Not found", what + " does not exist");
  }

  public static ApiException badRequest(String field, String message) {
    return new ApiException(400, "bad-request", "Bad request", field + ": " + message,
        List.of(new FieldError(field, message)));
  }

  public Problem problem() {
    return Problem.of(status, slug, title, getMessage(), errors);
  }

  public int status() {
    return status;
  }
}

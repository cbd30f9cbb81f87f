package io.serveplan.web.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.serveplan.hardware.document.FieldError;
import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every error answer ({@code application/problem+json}).
 * {@code errors} names each offending field (dotted path), what is wrong and the allowed values.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<InvalidField> errors) {

  public static final String MEDIA_TYPE = "application/problem+json";

  public Problem {
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  public static Problem of(int status, String slug, String title, String detail) {
    return new Problem("urn:serveplan:problem:" + slug, title, status, detail, List.of());
  }

  public static Problem of(int status, String slug, String title, String detail, List<FieldError> errors) {
    return new Problem("urn:serveplan:problem:" + slug, title, status, detail,
        errors.stream().map(e -> new InvalidField(e.field(), e.message(), e.allowed())).toList());
  }

  /** One offending field. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record InvalidField(String field, String message, List<String> allowed) {}
}

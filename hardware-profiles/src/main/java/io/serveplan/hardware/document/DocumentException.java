package io.serveplan.hardware.document;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A document (a what-if spec, a workload sheet, a catalog or a price file) that cannot be read.
 * Carries every {@link FieldError} found in one pass; the message is {@code [source: ]} followed by
 * each error as {@code field: problem; allowed: a, b}, joined by {@code "; "}. A problem that is no
 * field's (a directory that does not exist) has a message and no field errors.
 */
public class DocumentException extends IllegalArgumentException {

  private final transient List<FieldError> errors;
  private final String source;

  public DocumentException(List<FieldError> errors) {
    this("", errors);
  }

  /** @param source names the document in the message (a file name, "stored entry x"); may be empty */
  public DocumentException(String source, List<FieldError> errors) {
    super(message(source, errors));
    this.errors = List.copyOf(errors);
    this.source = source == null ? "" : source;
  }

  public DocumentException(String field, String message) {
    this(List.of(new FieldError(field, message)));
  }

  public DocumentException(String field, String message, List<String> allowed) {
    this(List.of(new FieldError(field, message, allowed)));
  }

  /** A problem that names no field; {@link #errors()} is empty. */
  protected DocumentException(String message, Throwable cause) {
    super(message, cause);
    this.errors = List.of();
    this.source = "";
  }

  /** Every problem found, in document order; empty when the problem is not a field's. */
  public List<FieldError> errors() {
    return errors;
  }

  /** The document the errors are in (a file name), or {@code ""} when the reader names none. */
  public String source() {
    return source;
  }

  /** One line per problem, each {@code [source: ]field: problem; allowed: ...}; the message when there are no field errors. */
  public List<String> lines() {
    if (errors.isEmpty()) {
      return List.of(String.valueOf(getMessage()));
    }
    return errors.stream().map(e -> source.isEmpty() ? e.toString() : source + ": " + e).toList();
  }

  private static String message(String source, List<FieldError> errors) {
    String joined = errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
    return source == null || source.isEmpty() ? joined : source + ": " + joined;
  }
}

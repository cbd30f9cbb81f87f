package io.serveplan.hardware.document;

import java.util.List;

/**
 * One problem found in a document: the dotted path of the field ({@code workload.rate}, {@code
 * gpus[h100-sxm].memory_gb}), what is wrong with it, and the allowed values when they form a list
 * (empty otherwise). Every reader of the project words its problems this way.
 */
public record FieldError(String field, String message, List<String> allowed) {

  public FieldError {
    allowed = allowed == null ? List.of() : List.copyOf(allowed);
  }

  public FieldError(String field, String message) {
    this(field, message, List.of());
  }

  /** {@code field: message; allowed: a, b, c}. */
  @Override
  public String toString() {
    return field + ": " + message + (allowed.isEmpty() ? "" : "; allowed: " + String.join(", ", allowed));
  }
}

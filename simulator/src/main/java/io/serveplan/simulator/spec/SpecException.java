package io.serveplan.simulator.spec;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A spec (or a run it asks for) that cannot be simulated. The message lists every {@link
 * FieldError}, each naming the field, the problem and the allowed values; the CLI prints it as one
 * line and exits with code 2.
 */
public class SpecException extends IllegalArgumentException {

  private final List<FieldError> errors;

  public SpecException(List<FieldError> errors) {
    super(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
    this.errors = List.copyOf(errors);
  }

  public SpecException(String field, String message) {
    this(List.of(new FieldError(field, message)));
  }

  public SpecException(String field, String message, List<String> allowed) {
    this(List.of(new FieldError(field, message, allowed)));
  }

  public List<FieldError> errors() {
    return errors;
  }
}

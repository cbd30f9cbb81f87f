package io.serveplan.simulator.spec;

import io.serveplan.hardware.document.DocumentException;
import io.serveplan.hardware.document.FieldError;
import java.util.List;
import java.util.Optional;

/**
 * A spec (or a run it asks for) that cannot be simulated. The message lists every {@link
 * FieldError}, each naming the field, the problem and the allowed values; the CLI prints one line
 * per error and exits with code 2, the web API answers them as a problem document.
 */
public class SpecException extends DocumentException {

  private final transient WhatIfSpec partial;

  public SpecException(List<FieldError> errors) {
    this(errors, null);
  }

  /**
   * @param partial the spec as far as it could be read, each wrong field at its default, so that a
   *     caller can check the rest (ids, combinations) and report every problem at once
   */
  public SpecException(List<FieldError> errors, WhatIfSpec partial) {
    super(errors);
    this.partial = partial;
  }

  /** The spec as far as it could be read, with defaults for the fields in error; empty when not even that. */
  public Optional<WhatIfSpec> partial() {
    return Optional.ofNullable(partial);
  }

  public SpecException(String field, String message) {
    super(field, message);
    this.partial = null;
  }

  public SpecException(String field, String message, List<String> allowed) {
    super(field, message, allowed);
    this.partial = null;
  }
}

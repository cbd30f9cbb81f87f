package io.serveplan.simulator.spec;

import io.serveplan.hardware.document.DocumentException;
import io.serveplan.hardware.document.FieldError;
import java.util.List;

/**
 * A spec (or a run it asks for) that cannot be simulated. The message lists every {@link
 * FieldError}, each naming the field, the problem and the allowed values; the CLI prints one line
 * per error and exits with code 2, the web API answers them as a problem document.
 */
public class SpecException extends DocumentException {

  public SpecException(List<FieldError> errors) {
    super(errors);
  }

  public SpecException(String field, String message) {
    super(field, message);
  }

  public SpecException(String field, String message, List<String> allowed) {
    super(field, message, allowed);
  }
}

package io.serveplan.web.run;

import io.serveplan.hardware.document.FieldError;
import io.serveplan.simulator.spec.SpecException;
import java.util.List;

/** A well-formed run that asks for more than this server allows (its limits are configurable). */
public final class RunTooLargeException extends SpecException {
  public RunTooLargeException(List<FieldError> errors) {
    super(errors);
  }
}

package io.serveplan.simulator;

import io.serveplan.hardware.document.FieldError;
import io.serveplan.simulator.timing.CalibrationProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds the calibration profile a spec names ({@code calibration:}): an id known to the caller (the
 * web app keeps profiles in its database) or a file path. Empty means "not found"; {@link #notFound}
 * words the error the resolver of a run plan reports then.
 */
@FunctionalInterface
public interface CalibrationResolver {

  Optional<CalibrationProfile> resolve(String idOrPath);

  /** The {@code calibration} field's error when {@link #resolve} finds nothing. */
  default FieldError notFound(String idOrPath) {
    return new FieldError("calibration", "no calibration profile with id or path '" + idOrPath + "'");
  }

  /** {@code find} with its own wording of a miss (e.g. a server that lists the ids it stores). */
  static CalibrationResolver of(CalibrationResolver find, Function<String, FieldError> notFound) {
    return new CalibrationResolver() {
      @Override
      public Optional<CalibrationProfile> resolve(String idOrPath) {
        return find.resolve(idOrPath);
      }

      @Override
      public FieldError notFound(String idOrPath) {
        return notFound.apply(idOrPath);
      }
    };
  }

  /** Resolves file paths only. */
  CalibrationResolver FILES = idOrPath -> {
    Path p = Path.of(idOrPath);
    return Files.isRegularFile(p) ? Optional.of(CalibrationProfile.read(p)) : Optional.empty();
  };
}

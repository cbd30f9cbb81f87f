package io.serveplan.simulator;

import io.serveplan.simulator.timing.CalibrationProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the calibration profile a spec names ({@code calibration:}): an id known to the caller (the
 * web app keeps profiles in its database) or a file path. Empty means "not found".
 */
@FunctionalInterface
public interface CalibrationResolver {

  Optional<CalibrationProfile> resolve(String idOrPath);

  /** Resolves file paths only. */
  CalibrationResolver FILES = idOrPath -> {
    Path p = Path.of(idOrPath);
    return Files.isRegularFile(p) ? Optional.of(CalibrationProfile.read(p)) : Optional.empty();
  };
}

package io.serveplan.executor.calibration;

import io.serveplan.simulator.timing.CalibrationProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a fitted calibration profile is good enough to keep. {@code calibrate} refuses to save a
 * fit whose R² is below {@link #MIN_R2} or whose mean absolute relative error is above {@link
 * #MAX_MEAN_ABS_REL_ERROR} unless told {@code --force}: a profile that poor moves every prediction
 * made with it further than the preset it replaces (a fit with R² 0.42 and one with −0.10 were once
 * saved without a word).
 */
public final class FitQuality {

  /** Lowest R² of a profile that is kept (step times, or log metrics for a server fit). */
  public static final double MIN_R2 = 0.9;

  /** Highest mean absolute relative error of a profile that is kept. */
  public static final double MAX_MEAN_ABS_REL_ERROR = 0.15;

  private FitQuality() {}

  /** What is wrong with the fit, one clause per failed threshold; empty when it is good enough. */
  public static Optional<String> problem(CalibrationProfile profile) {
    return problem(profile.r2(), profile.meanAbsRelError());
  }

  static Optional<String> problem(double r2, double meanAbsRelError) {
    List<String> problems = new ArrayList<>();
    if (!(r2 >= MIN_R2)) {
      problems.add(String.format(Locale.ROOT, "R² %.2f is below %.2f", r2, MIN_R2));
    }
    if (!(meanAbsRelError <= MAX_MEAN_ABS_REL_ERROR)) {
      problems.add(String.format(Locale.ROOT, "mean error %.1f%% is above %.0f%%", 100 * meanAbsRelError,
          100 * MAX_MEAN_ABS_REL_ERROR));
    }
    return problems.isEmpty() ? Optional.empty() : Optional.of(String.join(" and ", problems));
  }
}

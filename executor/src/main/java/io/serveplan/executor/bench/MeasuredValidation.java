package io.serveplan.executor.bench;

import io.serveplan.executor.calibration.Validator;
import io.serveplan.hardware.Catalog;
import io.serveplan.simulator.Simulation;
import io.serveplan.simulator.SimulationOptions;
import io.serveplan.simulator.SimulationResult;
import io.serveplan.simulator.result.BenchServeMetrics;
import io.serveplan.simulator.spec.WhatIfSpec;
import io.serveplan.simulator.timing.CalibrationProfile;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code validate --measured}: the simulator's prediction for a spec beside a run measured on a
 * real server, key by key, on the keys the measured file has. With a profile, the spec runs on the
 * profile's hardware with its coefficients (as {@code validate} does); without, on the spec's own
 * hardware and calibration. Stateless.
 */
public final class MeasuredValidation {

  /** Measured and predicted values of the keys the measured run has; relative = (p − m) / m. */
  public record Report(MeasuredRun measured, Map<String, Double> predicted, Map<String, Double> relativeError,
      WhatIfSpec spec) {

    public Report {
      predicted = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(predicted));
      relativeError = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(relativeError));
    }
  }

  private MeasuredValidation() {}

  public static Report compare(MeasuredRun measured, WhatIfSpec spec, Catalog catalog,
      Optional<CalibrationProfile> profile) {
    SimulationResult result;
    if (profile.isPresent()) {
      CalibrationProfile p = profile.get();
      WhatIfSpec run = spec.withHardware(p.hardwareId()).withCalibration("profile");
      result = Validator.simulate(run, catalog, p);
    } else {
      result = Simulation.run(spec, catalog, SimulationOptions.defaults());
    }
    BenchServeMetrics prediction = result.metrics().bench();
    Map<String, Double> predicted = new LinkedHashMap<>();
    for (String key : measured.metrics().toMap().keySet()) {
      prediction.value(key).ifPresent(v -> predicted.put(key, v));
    }
    return new Report(measured, predicted, Validator.relativeErrors(measured.metrics(), prediction), result.spec());
  }
}

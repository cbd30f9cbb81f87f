package io.serveplan.cost.recommend;

import io.serveplan.cost.sheet.SheetCalibration;
import io.serveplan.cost.sheet.WorkloadSheet;
import io.serveplan.hardware.Catalog;
import io.serveplan.hardware.EnginePreset;
import io.serveplan.hardware.GpuSpec;
import io.serveplan.hardware.ModelSpec;
import io.serveplan.hardware.document.FieldError;
import io.serveplan.simulator.CalibrationResolver;
import io.serveplan.simulator.spec.SpecException;
import io.serveplan.simulator.timing.CalibrationProfile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The calibration profiles a sheet's {@code calibrations} name, resolved and checked once, and which
 * candidate each one times: the profile's model and hardware, running the entry's engine (at its
 * tensor parallelism, when given). Immutable.
 */
final class CandidateProfiles {

  private final Map<SheetCalibration, CalibrationProfile> profiles;

  private CandidateProfiles(Map<SheetCalibration, CalibrationProfile> profiles) {
    this.profiles = profiles;
  }

  /**
   * Each entry checked: it resolves, its engine is a catalog preset, and its model and hardware are
   * among the candidates (a profile that matches no candidate would be ignored silently).
   *
   * @param gpus the candidate GPUs
   * @throws SpecException naming every entry that fails, by field ({@code calibrations[i].profile})
   */
  static CandidateProfiles of(WorkloadSheet sheet, Catalog catalog, List<GpuSpec> gpus,
      CalibrationResolver calibrations) {
    Map<SheetCalibration, CalibrationProfile> out = new LinkedHashMap<>();
    List<FieldError> errors = new ArrayList<>();
    List<String> hardware = gpus.stream().map(GpuSpec::id).toList();
    for (int i = 0; i < sheet.calibrations().size(); i++) {
      SheetCalibration c = sheet.calibrations().get(i);
      String at = "calibrations[" + i + "]";
      if (!catalog.engineIds().contains(c.engine())) {
        errors.add(new FieldError(at + ".engine", "unknown engine preset '" + c.engine() + "'", catalog.engineIds()));
      }
      Optional<CalibrationProfile> p;
      try {
        p = calibrations.resolve(c.profile());
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError(at + ".profile", e.getMessage()));
        continue;
      }
      if (p.isEmpty()) {
        FieldError miss = calibrations.notFound(c.profile());
        errors.add(new FieldError(at + ".profile", miss.message(), miss.allowed()));
        continue;
      }
      CalibrationProfile profile = p.get();
      if (!sheet.candidates().models().contains(profile.modelId())) {
        errors.add(new FieldError(at + ".profile", "profile '" + profile.id() + "' measured model '"
            + profile.modelId() + "', which is not in candidates.models", sheet.candidates().models()));
      } else if (!hardware.contains(profile.hardwareId())) {
        errors.add(new FieldError(at + ".profile", "profile '" + profile.id() + "' measured hardware '"
            + profile.hardwareId() + "', which is not among the candidate GPUs", hardware));
      } else {
        out.put(c, profile);
      }
    }
    if (!errors.isEmpty()) {
      throw new SpecException(errors);
    }
    return new CandidateProfiles(out);
  }

  /** The profile (as a spec's {@code calibration:} names it) that times this candidate, or null. */
  String profileFor(ModelSpec model, GpuSpec gpu, EnginePreset preset, int tp) {
    for (Map.Entry<SheetCalibration, CalibrationProfile> e : profiles.entrySet()) {
      CalibrationProfile p = e.getValue();
      if (p.modelId().equals(model.id()) && p.hardwareId().equals(gpu.id()) && e.getKey().appliesTo(preset.id(), tp)) {
        return e.getKey().profile();
      }
    }
    return null;
  }
}

package io.serveplan.cost.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serveplan.cost.capacity.CapacityOptions;
import io.serveplan.cost.capacity.CapacitySearch;
import io.serveplan.cost.price.PriceCatalog;
import io.serveplan.cost.sheet.SheetReader;
import io.serveplan.hardware.Catalog;
import io.serveplan.hardware.EnginePreset;
import io.serveplan.simulator.spec.SpecException;
import io.serveplan.simulator.timing.CalibrationProfile;
import io.serveplan.simulator.timing.TimingCoefficients;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sheet's calibration profile replaces the preset's timing, and narrows the stated range to its fit. */
class RecommenderCalibrationTest {

  private static final Catalog CATALOG = Catalog.builtin();
  private static final PriceCatalog PRICES = PriceCatalog.load(Optional.empty(), LocalDate.of(2026, 11, 22));
  private static final Recommender RECOMMENDER =
      new Recommender(new CapacitySearch(), CapacityOptions.defaults());

  @TempDir
  static Path dir;
  /** The vLLM preset's own coefficients, as if a fit had confirmed them to within 6 %. */
  static Path asPreset;
  /** A profile that measured the engine 30 % faster in compute and memory than the preset says. */
  static Path faster;

  @BeforeAll
  static void profiles() {
    EnginePreset vllm = CATALOG.engine("vllm");
    TimingCoefficients c = TimingCoefficients.fromPreset(vllm);
    asPreset = dir.resolve("as-preset.json");
    profile("as-preset", c, 0.06).write(asPreset);
    faster = dir.resolve("faster.json");
    profile("faster", new TimingCoefficients(Math.min(1, c.computeEfficiency() * 1.3),
        Math.min(1, c.memoryEfficiency() * 1.3), Math.min(1, c.attentionEfficiency() * 1.3), c.perStepOverheadUs(),
        c.perLayerOverheadUs(), c.perSequenceOverheadUs(), 0), 0.02).write(faster);
  }

  private static CalibrationProfile profile(String id, TimingCoefficients c, double error) {
    return new CalibrationProfile(id, "openai", "h100-sxm", "llama-3.1-8b", CATALOG.gpu("h100-sxm"), c, 0.98, error, 12,
        "2026-12-02T10:00:00Z");
  }

  private static String sheet(String calibrations) {
    return RecommenderTest.sheet(5, 10, 8, calibrations);
  }

  private static StackOption selfHosted(Recommendation r) {
    return r.options().stream().filter(o -> "self-hosted".equals(o.operatingModel())).findFirst().orElseThrow();
  }

  private static double width(StackOption o) {
    return ((Number) o.range().get("capacity_rps_high")).doubleValue()
        / ((Number) o.range().get("capacity_rps_low")).doubleValue();
  }

  @Test
  void aProfileThatConfirmsThePresetKeepsTheCapacityAndNarrowsTheRange() {
    StackOption preset = selfHosted(RECOMMENDER.recommend(SheetReader.parse(sheet("")), CATALOG, PRICES));
    StackOption calibrated = selfHosted(RECOMMENDER.recommend(SheetReader.parse(
        sheet("calibrations: [{profile: '" + asPreset + "'}]")), CATALOG, PRICES));

    assertThat(calibrated.fleet().orElseThrow().capacityRps()).isEqualTo(preset.fleet().orElseThrow().capacityRps());
    assertThat(width(calibrated)).isLessThan(width(preset));
    assertThat(calibrated.fleet().orElseThrow().timing()).containsEntry("origin", "calibration-profile")
        .containsEntry("source", "as-preset").containsEntry("capacity_range_fraction", 0.06);
    assertThat(preset.fleet().orElseThrow().timing()).containsEntry("origin", "preset")
        .containsEntry("capacity_range_fraction", 0.15);
    assertThat(calibrated.reasons()).anyMatch(x -> x.contains("calibration profile 'as-preset'")
        && x.contains("mean error 6.0%") && x.contains("±6%"));
    assertThat((String) calibrated.range().get("basis")).contains("calibration profile 'as-preset'");
  }

  @Test
  void aProfileThatMeasuredAFasterEngineRaisesTheCapacityAndAFitErrorBelowTheFloorStatesTheFloor() {
    StackOption preset = selfHosted(RECOMMENDER.recommend(SheetReader.parse(sheet("")), CATALOG, PRICES));
    StackOption fast = selfHosted(RECOMMENDER.recommend(SheetReader.parse(
        sheet("calibrations: [{profile: '" + faster + "', engine: vllm, tensor_parallel: 1}]")), CATALOG, PRICES));

    assertThat(fast.fleet().orElseThrow().capacityRps()).isGreaterThan(preset.fleet().orElseThrow().capacityRps() * 1.05);
    assertThat(fast.fleet().orElseThrow().timing()).containsEntry("capacity_range_fraction",
        OptionRanges.MIN_CALIBRATED_RANGE);
  }

  @Test
  void aProfileAppliesOnlyToItsEngineAndTensorParallelism() {
    StackOption other = selfHosted(RECOMMENDER.recommend(SheetReader.parse(
        sheet("calibrations: [{profile: '" + faster + "', tensor_parallel: 2}]")), CATALOG, PRICES));

    assertThat(other.fleet().orElseThrow().tensorParallel()).isEqualTo(1);
    assertThat(other.fleet().orElseThrow().timing()).containsEntry("origin", "preset");
  }

  @Test
  void aProfileThatDoesNotResolveOrMatchesNoCandidateIsRejectedByField() {
    assertThatThrownBy(() -> RECOMMENDER.recommend(SheetReader.parse(
        sheet("calibrations: [{profile: '" + dir.resolve("missing.json") + "'}]")), CATALOG, PRICES))
        .isInstanceOf(SpecException.class).hasMessageContaining("calibrations[0].profile");
    assertThatThrownBy(() -> RECOMMENDER.recommend(SheetReader.parse(
        sheet("calibrations: [{profile: '" + asPreset + "', engine: nope}]")), CATALOG, PRICES))
        .isInstanceOf(SpecException.class).hasMessageContaining("calibrations[0].engine").hasMessageContaining("vllm");
    assertThatThrownBy(() -> RECOMMENDER.recommend(SheetReader.parse(
        sheet("calibrations: [{profile: '" + asPreset + "'}]").replace("[h100-sxm]", "[h200]")), CATALOG, PRICES))
        .isInstanceOf(SpecException.class).hasMessageContaining("measured hardware 'h100-sxm'");
    assertThatThrownBy(() -> SheetReader.parse(sheet("calibrations: [{engine: vllm}]")))
        .isInstanceOf(SpecException.class).hasMessageContaining("calibrations[0].profile");
    assertThatThrownBy(() -> SheetReader.parse(sheet("calibrations: [{profile: x, tp: 2}]")))
        .isInstanceOf(SpecException.class).hasMessageContaining("calibrations[0].tp");
  }
}

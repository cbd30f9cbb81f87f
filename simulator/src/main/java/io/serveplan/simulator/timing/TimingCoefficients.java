package io.serveplan.simulator.timing;

import io.serveplan.hardware.EnginePreset;

/**
 * The coefficients of the execution-time model that calibration fits. Efficiencies are fractions
 * of the GPU's datasheet rates in (0, 1]: {@code computeEfficiency} of dense peak FLOP/s for the
 * matrix multiplies, {@code memoryEfficiency} of HBM bandwidth for every byte streamed (weights,
 * K/V, activations), {@code attentionEfficiency} of peak FLOP/s for attention's score and value
 * products. Overheads are microseconds: per step (scheduling, launch, sampling set-up), per layer
 * per step (kernel launches not hidden by CUDA graphs), per sequence in the step (metadata,
 * sampling, detokenisation) and per token in the step. Immutable.
 *
 * <p>{@code perKvTokenOverheadNs} (added by the executor's calibration): nanoseconds per token of
 * K/V that attention reads, per layer, added on top of the roofline. On a CPU the attention
 * kernel's memory traffic and its arithmetic do not overlap as the roofline's max() assumes, so
 * long decode contexts cost more than either alone; GPU presets leave it 0.
 */
public record TimingCoefficients(
    double computeEfficiency,
    double memoryEfficiency,
    double attentionEfficiency,
    double perStepOverheadUs,
    double perLayerOverheadUs,
    double perSequenceOverheadUs,
    double perTokenOverheadUs,
    double perKvTokenOverheadNs) {

  /** The coefficients without a per-KV-token overhead (every GPU preset). */
  public TimingCoefficients(double computeEfficiency, double memoryEfficiency, double attentionEfficiency,
      double perStepOverheadUs, double perLayerOverheadUs, double perSequenceOverheadUs,
      double perTokenOverheadUs) {
    this(computeEfficiency, memoryEfficiency, attentionEfficiency, perStepOverheadUs, perLayerOverheadUs,
        perSequenceOverheadUs, perTokenOverheadUs, 0);
  }

  public TimingCoefficients {
    check("compute_efficiency", computeEfficiency);
    check("memory_efficiency", memoryEfficiency);
    check("attention_efficiency", attentionEfficiency);
    if (perStepOverheadUs < 0 || perLayerOverheadUs < 0 || perSequenceOverheadUs < 0
        || perTokenOverheadUs < 0 || perKvTokenOverheadNs < 0) {
      throw new IllegalArgumentException("timing overheads must be >= 0 us");
    }
  }

  private static void check(String name, double v) {
    if (!(v > 0 && v <= 1)) {
      throw new IllegalArgumentException(name + " must be in (0, 1], got " + v);
    }
  }

  /** The preset's efficiencies and overheads (no per-token overhead: presets do not carry one). */
  public static TimingCoefficients fromPreset(EnginePreset p) {
    return new TimingCoefficients(p.computeEfficiency(), p.memoryEfficiency(),
        p.attentionEfficiency(), p.perStepOverheadUs(), p.perLayerOverheadUs(),
        p.perSequenceOverheadUs(), 0);
  }

  /** Ideal hardware: every rate at its datasheet value and no overheads (for lower bounds). */
  public static TimingCoefficients ideal() {
    return new TimingCoefficients(1, 1, 1, 0, 0, 0, 0);
  }
}

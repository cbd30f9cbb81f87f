package io.serveplan.simulator.timing;

import io.serveplan.hardware.GpuSpec;
import io.serveplan.hardware.document.JsonCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The result of calibrating the execution-time model on real hardware: which backend and model
 * were measured, the measured hardware's rates (as a {@link GpuSpec}: for {@code cpu-local}, stream
 * bandwidth and FMA peak), the fitted {@link TimingCoefficients}, and how well they fit (r², mean
 * absolute relative error over {@code samples} timed steps). {@code created} is an ISO-8601
 * instant. JSON with snake_case keys; immutable.
 */
public record CalibrationProfile(
    String id,
    String backend,
    String hardwareId,
    String modelId,
    GpuSpec hardware,
    TimingCoefficients coefficients,
    double r2,
    double meanAbsRelError,
    int samples,
    String created) {

  public static CalibrationProfile read(Path file) {
    try {
      return JsonCodec.read(file, CalibrationProfile.class, JsonCodec.Keys.SNAKE_CASE);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("calibration: cannot read profile " + file + ": "
          + e.getMessage(), e);
    }
  }

  public static CalibrationProfile fromJson(String json) {
    try {
      return JsonCodec.read(json, CalibrationProfile.class, JsonCodec.Keys.SNAKE_CASE);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("calibration: not a calibration profile: " + e.getMessage(), e);
    }
  }

  public String toJson() {
    return JsonCodec.writeSorted(this);
  }

  public void write(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, toJson() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write calibration profile " + file, e);
    }
  }
}

package io.serveplan.simulator.timing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.serveplan.hardware.GpuSpec;
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

  private static final ObjectMapper JSON = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  public static CalibrationProfile read(Path file) {
    try {
      return JSON.readValue(file.toFile(), CalibrationProfile.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("calibration: cannot read profile " + file + ": "
          + e.getMessage(), e);
    }
  }

  public static CalibrationProfile fromJson(String json) {
    try {
      return JSON.readValue(json, CalibrationProfile.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("calibration: not a calibration profile: " + e.getMessage(), e);
    }
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

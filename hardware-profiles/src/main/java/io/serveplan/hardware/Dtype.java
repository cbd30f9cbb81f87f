package io.serveplan.hardware;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Numeric formats of weights, KV cache and compute. {@link #bytes()} may be fractional (int4, the
 * 4-bit floats). The 4-bit floats count their block scales: NVFP4 ({@code fp4}) stores a 4-bit
 * e2m1 value per element plus one fp8 scale per 16 elements (0.5 + 1/16 bytes); MXFP4 ({@code
 * mxfp4}, the OCP microscaling format gpt-oss ships) one e8m0 scale per 32 (0.5 + 1/32 bytes).
 */
public enum Dtype {
  FP32(4.0),
  BF16(2.0),
  FP16(2.0),
  FP8(1.0),
  INT8(1.0),
  INT4(0.5),
  FP4(0.5 + 1.0 / 16),
  MXFP4(0.5 + 1.0 / 32);

  private final double bytes;

  Dtype(double bytes) {
    this.bytes = bytes;
  }

  /** Bytes per element. */
  public double bytes() {
    return bytes;
  }

  /** Whether this is a 4-bit float with block scales (NVFP4 or MXFP4). */
  public boolean isFp4() {
    return this == FP4 || this == MXFP4;
  }

  /** The lowercase id used in specs and catalogs. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** All ids, for error messages. */
  public static List<String> ids() {
    return Arrays.stream(values()).map(Dtype::id).toList();
  }

  /**
   * Parses a dtype id.
   *
   * @param field the name of the field being read, for the error message
   * @throws CatalogException naming the field and the allowed values
   */
  public static Dtype parse(String field, String value) {
    if (value != null) {
      for (Dtype d : values()) {
        if (d.id().equals(value.trim().toLowerCase(Locale.ROOT))) {
          return d;
        }
      }
    }
    throw new CatalogException(
        field + ": unknown dtype '" + value + "'; allowed: " + String.join(", ", ids()));
  }
}

package io.serveplan.executor.model;

import java.util.Arrays;

/**
 * One tensor of a safetensors file, with its values widened to fp32.
 *
 * @param dtype storage type in the file: {@code F32}, {@code F16} or {@code BF16}
 * @param shape dimensions, outermost first
 * @param values row-major values (exact for all three storage types)
 */
public record SafetensorsTensor(String dtype, long[] shape, float[] values) {

  public SafetensorsTensor {
    if (!Safetensors.DTYPES.contains(dtype)) {
      throw new IllegalArgumentException("safetensors dtype " + dtype + " is not supported; allowed: "
          + Safetensors.DTYPES);
    }
    shape = shape.clone();
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    if (n != values.length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
          + " values, got " + values.length);
    }
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }
}

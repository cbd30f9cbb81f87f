package io.serveplan.executor.cpu;

import io.serveplan.executor.DeviceBuffer;

/** A {@link DeviceBuffer} on the Java heap: a plain float array. */
final class CpuBuffer implements DeviceBuffer {

  final float[] data;

  CpuBuffer(long numFloats) {
    if (numFloats < 0 || numFloats > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("cpu buffer: " + numFloats + " floats exceeds a Java array");
    }
    this.data = new float[(int) numFloats];
  }

  @Override
  public long numFloats() {
    return data.length;
  }

  @Override
  public void close() {
    // Heap memory: the garbage collector reclaims it.
  }

  static float[] of(DeviceBuffer buffer) {
    if (buffer instanceof CpuBuffer cpu) {
      return cpu.data;
    }
    throw new IllegalArgumentException("buffer " + buffer + " was not allocated by a CPU backend");
  }
}

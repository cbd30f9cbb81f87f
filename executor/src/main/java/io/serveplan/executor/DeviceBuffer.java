package io.serveplan.executor;

/**
 * An fp32 array owned by a {@link Backend}: host memory for the CPU backend, device memory for the
 * CUDA backend. Opaque to callers; only the backend that allocated it may read or write it. Sizes
 * are in floats. Closing releases the memory; a closed buffer must not be passed to a kernel.
 */
public interface DeviceBuffer extends AutoCloseable {

  /** Capacity in floats. */
  long numFloats();

  @Override
  void close();
}

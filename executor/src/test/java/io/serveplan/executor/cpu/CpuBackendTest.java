package io.serveplan.executor.cpu;

import io.serveplan.executor.Backend;
import io.serveplan.executor.BackendConformanceTest;

/** The Vector API backend on two threads (work split across the pool) against the reference. */
class CpuBackendTest extends BackendConformanceTest {

  @Override
  protected Backend openBackend() {
    return new CpuBackend(2);
  }
}

package io.serveplan.executor.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.serveplan.executor.Backend;
import io.serveplan.executor.BackendConformanceTest;
import java.util.Optional;
import org.junit.jupiter.api.Tag;

/**
 * Every CUDA kernel against the scalar reference through the Backend interface (the same
 * differential tests the CPU backend passes). Needs an NVIDIA GPU: skips with the reason
 * otherwise.
 */
@Tag("gpu")
class CudaBackendTest extends BackendConformanceTest {

  @Override
  protected Backend openBackend() {
    Optional<String> reason = CudaBackend.unavailableReason();
    assumeTrue(reason.isEmpty(), () -> "CUDA is not available: " + reason.orElse(""));
    return new CudaBackend();
  }

  /** Weights and prefill activations are multiplied in bf16 (8-bit mantissa, ~4e-3 relative). */
  @Override
  protected double tolerance() {
    return 2e-2;
  }
}

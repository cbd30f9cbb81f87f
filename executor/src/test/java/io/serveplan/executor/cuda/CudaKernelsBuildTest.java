package io.serveplan.executor.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.serveplan.executor.Backends;
import io.serveplan.executor.ExecutorException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** What can be checked about the CUDA backend without a GPU. */
class CudaKernelsBuildTest {

  @Test
  void ptxForSm80AndSm90DefinesEveryKernelTheBackendLooksUp() throws IOException {
    for (int arch : new int[] {80, 90}) {
      String path = String.format(CudaBackend.PTX, arch);
      try (InputStream in = CudaBackend.class.getResourceAsStream(path)) {
        assumeTrue(in != null, "this build has no PTX (nvcc was not on the PATH): " + path);
        String ptx = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(ptx).contains(".target sm_" + arch);
        for (String kernel : CudaBackend.KERNELS) {
          assertThat(ptx).as("%s in sm_%d PTX", kernel, arch).contains(".entry " + kernel + "(");
        }
      }
    }
  }

  @Test
  void tensorCoreGemmUsesMmaInstructions() throws IOException {
    try (InputStream in = CudaBackend.class.getResourceAsStream(String.format(CudaBackend.PTX, 90))) {
      assumeTrue(in != null, "this build has no PTX (nvcc was not on the PATH)");
      String ptx = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(ptx).containsPattern("mma\\.sync\\.aligned\\.m16n8k16\\.row\\.col\\.f32\\.bf16\\.bf16\\.f32|wmma\\.mma\\.sync\\.aligned\\.row\\.col\\.m16n16k16\\.f32\\.bf16\\.bf16\\.f32");
    }
  }

  @Test
  void withoutAGpuTheBackendSaysWhyAndOpeningItFailsClearly() {
    var reason = CudaBackend.unavailableReason();
    assumeTrue(reason.isPresent(), "a CUDA device is present here");
    assertThat(reason.get()).isNotBlank();
    Assertions.assertThatThrownBy(() -> Backends.open("cuda"))
        .isInstanceOf(ExecutorException.class)
        .hasMessageStartingWith("CUDA is not available: ");
  }

  @Test
  void driverErrorsNameTheCallAndTheError() {
    Assertions.assertThatThrownBy(() -> Cuda.check(jcuda.driver.CUresult.CUDA_ERROR_OUT_OF_MEMORY, "cuMemAlloc(64 bytes)"))
        .hasMessage("cuMemAlloc(64 bytes) failed: CUDA_ERROR_OUT_OF_MEMORY (2)");
  }
}

package io.serveplan.executor.cuda;

import io.serveplan.executor.ExecutorException;
import jcuda.driver.CUresult;

/** The one checker every driver call goes through: names the call and the CUDA error. */
final class Cuda {
  private Cuda() {}

  /** Throws when {@code result} is not CUDA_SUCCESS, naming {@code call}. */
  static void check(int result, String call) {
    if (result != CUresult.CUDA_SUCCESS) {
      throw new ExecutorException(call + " failed: " + CUresult.stringFor(result) + " (" + result + ")");
    }
  }
}

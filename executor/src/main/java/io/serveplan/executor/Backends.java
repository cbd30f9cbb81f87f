package io.serveplan.executor;

import io.serveplan.executor.cpu.CpuBackend;
import io.serveplan.executor.cpu.ReferenceBackend;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Optional;

/**
 * Opens a {@link Backend} by id. The CUDA backend is looked up by name
 * ({@code io.serveplan.executor.cuda.CudaBackend}, which has {@code public static
 * Optional<String> unavailableReason()} and a public no-argument constructor opening device 0), so
 * that this module builds and runs on machines without CUDA.
 */
public final class Backends {

  /** The backend ids {@link #open} accepts. */
  public static final List<String> IDS = List.of("cpu", "cuda", "reference");

  private static final String CUDA_CLASS = "io.serveplan.executor.cuda.CudaBackend";

  private Backends() {}

  /**
   * Opens the backend {@code id}.
   *
   * @throws IllegalArgumentException for an unknown id
   * @throws ExecutorException "CUDA is not available: reason" when cuda cannot start here
   */
  public static Backend open(String id) {
    return switch (id) {
      case "cpu" -> new CpuBackend(Runtime.getRuntime().availableProcessors());
      case "reference" -> new ReferenceBackend();
      case "cuda" -> openCuda();
      default -> throw new IllegalArgumentException(
          "--backend: unknown backend '" + id + "'; allowed: cpu, cuda");
    };
  }

  /** Why CUDA cannot be used on this machine, or empty when it can. */
  public static Optional<String> cudaUnavailableReason() {
    try {
      Class<?> type = Class.forName(CUDA_CLASS);
      @SuppressWarnings("unchecked")
      Optional<String> reason = (Optional<String>) type.getMethod("unavailableReason").invoke(null);
      return reason;
    } catch (ClassNotFoundException e) {
      return Optional.of("this build has no CUDA backend");
    } catch (ReflectiveOperationException | LinkageError e) {
      return Optional.of(rootMessage(e));
    }
  }

  private static Backend openCuda() {
    Optional<String> reason = cudaUnavailableReason();
    if (reason.isPresent()) {
      throw new ExecutorException("CUDA is not available: " + reason.get());
    }
    try {
      return (Backend) Class.forName(CUDA_CLASS).getConstructor().newInstance();
    } catch (InvocationTargetException e) {
      throw new ExecutorException("CUDA is not available: " + rootMessage(e), e.getCause());
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new ExecutorException("CUDA is not available: " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
  }
}

package io.serveplan.web.run;

import io.serveplan.hardware.document.FieldError;
import io.serveplan.simulator.spec.WorkloadSpec;
import io.serveplan.simulator.workload.Trace;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks on a submitted workload that both simulations and recommendations apply: over the
 * network only built-in traces (a path would read the server's disk), with the same field names
 * and messages.
 */
final class WorkloadChecks {

  static final String ONLY_BUILTIN = "only built-in traces can be used over the API";

  private WorkloadChecks() {}

  static void traces(WorkloadSpec w, List<FieldError> errors) {
    if (w == null) {
      return;
    }
    trace(w.trace(), "workload.trace", errors);
    if (w.inputTokens() != null) {
      trace(w.inputTokens().trace(), "workload.input_tokens.trace", errors);
    }
    if (w.outputTokens() != null) {
      trace(w.outputTokens().trace(), "workload.output_tokens.trace", errors);
    }
  }

  /** {@code value} must be null or a built-in trace name. */
  static void trace(String value, String field, List<FieldError> errors) {
    if (value != null && !Trace.BUILTIN.contains(value)) {
      errors.add(new FieldError(field, ONLY_BUILTIN, Trace.BUILTIN));
    }
  }


  /** Refuses (413, {@link RunTooLargeException}) a workload larger than the server's {@link RunLimits}. */
  static void size(WorkloadSpec w, RunLimits limits) {
    if (w == null) {
      return;
    }
    List<FieldError> errors = new ArrayList<>();
    long n = w.numRequests() == null ? WorkloadSpec.DEFAULT_NUM_REQUESTS : w.numRequests();
    if (n > limits.maxRequests()) {
      errors.add(new FieldError("workload.num_requests", n + " requests is more than this server simulates per run (at most "
          + limits.maxRequests() + ")"));
    }
    boolean openLoop = WorkloadSpec.RATE_ARRIVALS.contains(w.arrival());
    if (openLoop && w.rate() > 0) {
      double seconds = n / w.rate();
      if (seconds > limits.maxSimulatedSeconds()) {
        errors.add(new FieldError("workload.rate", String.format(java.util.Locale.ROOT,
            "%d requests at %.3g/s span %.0f simulated seconds, more than this server allows (at most %d s)",
            n, w.rate(), seconds, limits.maxSimulatedSeconds())));
      }
    }
    if (!errors.isEmpty()) {
      throw new RunTooLargeException(errors);
    }
  }

}

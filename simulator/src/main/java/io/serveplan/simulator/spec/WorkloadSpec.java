package io.serveplan.simulator.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The traffic: an arrival process, request count and length distributions (docs/design.md's
 * {@code workload} block). {@code rate} is requests per second (poisson, gamma, constant); {@code
 * cv} the coefficient of variation of gamma inter-arrival times; {@code concurrency} the number of
 * closed-loop clients; {@code numRequests} null means 2000, or the whole trace with {@code arrival:
 * trace}; {@code trace} a built-in trace name or a file path (used by {@code arrival: trace} and by
 * {@code empirical} lengths); {@code timeScale} divides a trace's inter-arrival times (2 = twice as
 * fast). With {@code arrival: trace} the lengths come from the trace.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkloadSpec(
    String arrival,
    double rate,
    double cv,
    Integer concurrency,
    Integer numRequests,
    LengthSpec inputTokens,
    LengthSpec outputTokens,
    SharedPrefixSpec sharedPrefix,
    String trace,
    double timeScale) {

  /** The arrival process ids ({@link ArrivalProcess}). */
  public static final List<String> ARRIVALS = ArrivalProcess.ids();
  /** The ids of the arrival processes whose arrivals {@code rate} sets. */
  public static final List<String> RATE_ARRIVALS = ArrivalProcess.ratedIds();
  public static final int DEFAULT_NUM_REQUESTS = 2000;

  public static WorkloadSpec defaults() {
    return new WorkloadSpec(
        "poisson",
        8.0,
        1.0,
        null,
        null,
        LengthSpec.lognormal(1000, 500, 8000),
        LengthSpec.fixed(200),
        SharedPrefixSpec.none(),
        "azure-conv-2023",
        1.0);
  }
}

package io.serveplan.cost.capacity;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One probe of a capacity search: the offered rate (requests/s), p95 latencies and SLO attainment
 * over the steady-state window, with their confidence intervals ({@code *Low}/{@code *High}, batch
 * means; null when the rate was failed without simulation), the requests simulated ({@code 0} then), the rate
 * completed in the window ({@code achievedRps}), the verdict ({@code pass}, {@code fail}) and why;
 * the window's median TTFT and TPOT and its goodput ({@code goodputRps}: requests finishing in the
 * window within both SLO targets, per second, as {@code request_goodput} of {@code vllm bench
 * serve}) are null when the rate was failed without simulation or for a point read without a window.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CapacityPoint(
    double rps,
    @JsonProperty("p95_ttft_ms") Double p95TtftMs,
    @JsonProperty("p95_tpot_ms") Double p95TpotMs,
    double attainment,
    @JsonProperty("attainment_low") double attainmentLow,
    @JsonProperty("attainment_high") double attainmentHigh,
    @JsonProperty("p95_ttft_ms_low") Double p95TtftMsLow,
    @JsonProperty("p95_ttft_ms_high") Double p95TtftMsHigh,
    @JsonProperty("achieved_rps") double achievedRps,
    int requests,
    boolean pass,
    String verdict,
    @JsonProperty("p50_ttft_ms") Double p50TtftMs,
    @JsonProperty("p50_tpot_ms") Double p50TpotMs,
    @JsonProperty("goodput_rps") Double goodputRps) {

  /** A point without medians and goodput (failed without simulation, or read without a window). */
  public CapacityPoint(double rps, Double p95TtftMs, Double p95TpotMs, double attainment, double attainmentLow,
      double attainmentHigh, Double p95TtftMsLow, Double p95TtftMsHigh, double achievedRps, int requests, boolean pass,
      String verdict) {
    this(rps, p95TtftMs, p95TpotMs, attainment, attainmentLow, attainmentHigh, p95TtftMsLow, p95TtftMsHigh, achievedRps,
        requests, pass, verdict, null, null, null);
  }

  /** A point measured without intervals (a lone request, a stand-in). */
  public static CapacityPoint exact(double rps, double p95TtftMs, double p95TpotMs, double attainment, boolean pass,
      String verdict) {
    return new CapacityPoint(rps, p95TtftMs, p95TpotMs, attainment, attainment, attainment, p95TtftMs, p95TtftMs, rps,
        0, pass, verdict);
  }
}

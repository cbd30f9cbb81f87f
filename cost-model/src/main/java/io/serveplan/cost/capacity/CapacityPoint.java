package io.serveplan.cost.capacity;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One probe of a capacity search: the offered rate (requests/s), p95 latencies and SLO attainment. */
public record CapacityPoint(
    double rps,
    @JsonProperty("p95_ttft_ms") double p95TtftMs,
    @JsonProperty("p95_tpot_ms") double p95TpotMs,
    double attainment) {}

package io.serveplan.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProblemResponsesTest {

  @Test
  void classNamesAndJacksonInternalsDoNotReachABody() {
    String jackson = "Cannot deserialize value of type `java.lang.Integer` from String \"x\": not a valid "
        + "`java.lang.Integer` value\n at [Source: (byte[])\"{...}\"; line: 1, column: 7] (through reference chain: "
        + "io.serveplan.simulator.spec.WhatIfSpec[\"replicas\"])";

    String clean = ProblemResponses.scrub(jackson);

    assertThat(clean).doesNotContain("java.lang", "io.serveplan", "Source:", "reference chain", "`");
    assertThat(clean).contains("Integer");
    assertThat(ProblemResponses.scrub("workload.rate: must be > 0, got 1.5e3")).isEqualTo("workload.rate: must be > 0, got 1.5e3");
  }
}

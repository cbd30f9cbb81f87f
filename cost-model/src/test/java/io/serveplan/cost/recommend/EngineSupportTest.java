package io.serveplan.cost.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EngineSupportTest {

  @Test
  void theBuiltInTableReadsEveryEngineWithItsVendorsAndRange() {
    EngineSupport s = EngineSupport.builtin();
    assertThat(s.entries()).extracting(EngineSupport.Entry::engine).contains("vllm", "sglang", "trtllm", "tgi");
    assertThat(s.runsOn("vllm", "amd")).isTrue();
    assertThat(s.runsOn("trtllm", "AMD")).isFalse();
    assertThat(s.provisional("vllm")).isFalse();
    assertThat(s.efficiencyRange("vllm")).isEqualTo(0.15);
    assertThat(s.efficiencyRange("a-users-preset")).isEqualTo(0.25);
    assertThat(s.entries()).allSatisfy(e -> assertThat(e.source()).isNotBlank());
  }
}

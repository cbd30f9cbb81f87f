package io.serveplan.hardware;

/**
 * The one list of operator names shared by the execution-time model, the executor's timings and
 * the reports. {@link #id()} is the snake_case name used in files and JSON.
 */
public enum Operator {
  EMBED,
  ATTN_NORM,
  ATTN_QKV,
  ROPE,
  KV_WRITE,
  ATTN,
  ATTN_OUT,
  FFN_NORM,
  FFN_GATE_UP,
  FFN_ACT,
  FFN_DOWN,
  MOE_ROUTER,
  FINAL_NORM,
  LM_HEAD,
  SAMPLE,
  ALL_REDUCE;

  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}

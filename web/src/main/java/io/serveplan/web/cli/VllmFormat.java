package io.serveplan.web.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.serveplan.hardware.document.JsonCodec;
import io.serveplan.simulator.SimulationResult;
import io.serveplan.simulator.spec.WorkloadSpec;
import java.util.Map;

/**
 * {@code simulate --format vllm}: a prediction written flat, as {@code vllm bench serve} writes its
 * result (its header keys, then the result keys; ServePlan's own keys after them), so a predicted
 * and a measured file diff key by key.
 */
final class VllmFormat {

  private VllmFormat() {}

  static ObjectNode flat(SimulationResult result) {
    ObjectNode doc = JsonCodec.snakeCaseMapper().createObjectNode();
    WorkloadSpec w = result.spec().workload();
    doc.put("date", java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern(
        "yyyyMMdd-HHmmss")));
    doc.put("endpoint_type", "serveplan-simulator");
    doc.put("backend", "serveplan-simulator");
    doc.putNull("label");
    doc.put("model_id", result.spec().model());
    doc.put("tokenizer_id", result.spec().model());
    doc.put("num_prompts", result.metrics().bench().completed());
    switch (w.arrival()) {
      case "poisson", "gamma", "constant" -> doc.put("request_rate", w.rate());
      default -> doc.put("request_rate", "inf");
    }
    doc.put("burstiness", w.arrival().equals("gamma") && w.cv() > 0 ? 1 / (w.cv() * w.cv()) : 1.0);
    if (w.concurrency() != null) {
      doc.put("max_concurrency", w.concurrency());
    } else {
      doc.putNull("max_concurrency");
    }
    doc.put("failed", 0);
    for (Map.Entry<String, Object> e : result.metrics().toMap().entrySet()) {
      doc.set(e.getKey(), JsonCodec.snakeCaseMapper().valueToTree(e.getValue()));
    }
    return doc;
  }
}

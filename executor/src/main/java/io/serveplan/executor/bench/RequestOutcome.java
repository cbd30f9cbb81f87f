package io.serveplan.executor.bench;

import java.util.List;

/**
 * What the client saw of one request, timed as {@code vllm bench serve} times it: {@code ttftS}
 * from sending to the first chunk that carries a choice, one {@code itlS} entry per later such
 * chunk, {@code latencyS} from sending to the last one. Seconds. Immutable.
 *
 * @param startS when it was sent, seconds after the benchmark started
 * @param promptLen the prompt tokens: the server's {@code usage.prompt_tokens} when it reports
 *     them, else the number sent
 * @param outputTokens the server's {@code usage.completion_tokens} when reported, else the chunks
 *     received
 * @param error empty on success
 */
public record RequestOutcome(boolean success, int promptLen, int outputTokens, double startS, double ttftS,
    List<Double> itlS, double latencyS, String generatedText, String error) {

  public RequestOutcome {
    itlS = List.copyOf(itlS);
  }

  static RequestOutcome failed(int promptLen, double startS, String error) {
    return new RequestOutcome(false, promptLen, 0, startS, 0, List.of(), 0, "", error);
  }

  /** (latency − ttft) / (output tokens − 1), vLLM's TPOT; NaN with one output token. */
  public double tpotS() {
    return outputTokens > 1 ? (latencyS - ttftS) / (outputTokens - 1) : Double.NaN;
  }
}

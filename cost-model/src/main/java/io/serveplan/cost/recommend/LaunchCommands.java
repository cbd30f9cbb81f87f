package io.serveplan.cost.recommend;

import io.serveplan.cost.sheet.WorkloadSheet;
import io.serveplan.hardware.Dtype;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The decision, exported: the engine's launch command with the chosen knobs, and the {@code vllm
 * bench serve} and GuideLLM commands that offer one replica the load it carries at peak, so that the
 * prediction can be checked on one replica before a fleet is bought. Lengths are the sheet's means
 * (the benchmarks' random datasets); the goodput targets are the sheet's SLO.
 */
final class LaunchCommands {

  private static final String URL = "http://127.0.0.1:8000";

  private LaunchCommands() {}

  static Map<String, String> of(Config c, WorkloadSheet sheet, double rpsPerReplica, double in, double out) {
    String repo = c.model().hfRepo() == null ? c.model().id() : c.model().hfRepo();
    Map<String, String> m = new LinkedHashMap<>();
    m.put("launch", launch(c, repo));
    int n = (int) Math.max(1000, Math.ceil(rpsPerReplica * 300));
    long inTokens = Math.round(in);
    long outTokens = Math.round(out);
    m.put("vllm_bench_serve", String.format(Locale.ROOT,
        "vllm bench serve --backend openai --base-url %s --model %s --dataset-name random --random-input-len %d "
            + "--random-output-len %d --num-prompts %d --request-rate %.3g --percentile-metrics ttft,tpot,e2el "
            + "--metric-percentiles 50,95,99 --goodput ttft:%.0f tpot:%.0f", URL, repo, inTokens, outTokens, n,
        rpsPerReplica, sheet.slo().ttftMs(), sheet.slo().tpotMs()));
    m.put("guidellm", String.format(Locale.ROOT,
        "guidellm benchmark --target %s --model %s --rate-type poisson --rate %.3g --max-requests %d "
            + "--data \"prompt_tokens=%d,output_tokens=%d\"", URL, repo, rpsPerReplica, n, inTokens, outTokens));
    return m;
  }

  static String launch(Config c, String repo) {
    int tp = c.tensorParallel();
    int seqs = c.engine().maxNumSeqs();
    int batched = c.engine().maxNumBatchedTokens();
    double mem = c.engine().gpuMemoryUtilization();
    Dtype w = c.weights();
    return switch (c.engine().preset()) {
      case "vllm" -> String.format(Locale.ROOT,
          "vllm serve %s --tensor-parallel-size %d --max-num-seqs %d --max-num-batched-tokens %d "
              + "--gpu-memory-utilization %.2f --block-size %d --enable-chunked-prefill%s%s", repo, tp, seqs, batched,
          mem, c.engine().blockSize(), Boolean.TRUE.equals(c.engine().prefixCaching()) ? " --enable-prefix-caching" : "",
          vllmQuant(w));
      case "sglang" -> String.format(Locale.ROOT,
          "python -m sglang.launch_server --model-path %s --tp-size %d --max-running-requests %d "
              + "--chunked-prefill-size %d --mem-fraction-static %.2f%s", repo, tp, seqs, batched, mem,
          w == Dtype.FP8 ? " --quantization fp8" : checkpointNote(w));
      case "trtllm" -> String.format(Locale.ROOT,
          "trtllm-serve %s --backend pytorch --tp_size %d --max_batch_size %d --max_num_tokens %d "
              + "--kv_cache_free_gpu_memory_fraction %.2f%s", repo, tp, seqs, batched, mem, checkpointNote(w));
      case "tgi" -> String.format(Locale.ROOT,
          "text-generation-launcher --model-id %s --num-shard %d --max-batch-size %d --max-batch-prefill-tokens %d "
              + "--cuda-memory-fraction %.2f%s", repo, tp, seqs, batched, mem,
          w == Dtype.FP8 ? " --quantize fp8" : checkpointNote(w));
      case "llamacpp" -> String.format(Locale.ROOT,
          "llama-server -m <%s GGUF, %s> --parallel %d --batch-size %d --n-gpu-layers 999%s", repo, w.id(), seqs,
          batched, tp > 1 ? " --split-mode row" : "");
      default -> "# engine preset '" + c.engine().preset() + "': no launch command known; knobs: tensor parallel " + tp
          + ", max_num_seqs " + seqs + ", max_num_batched_tokens " + batched + ", weights " + w.id();
    };
  }

  private static String vllmQuant(Dtype w) {
    return switch (w) {
      case FP8 -> " --quantization fp8";
      case BF16 -> " --dtype bfloat16";
      default -> checkpointNote(w);
    };
  }

  private static String checkpointNote(Dtype w) {
    return switch (w) {
      case BF16 -> "";
      case FP8 -> "  # fp8 weights: serve an FP8 (ModelOpt) checkpoint of the model";
      default -> "  # " + w.id() + " weights: serve a " + w.id().toUpperCase(Locale.ROOT)
          + " (W8A8/AWQ) checkpoint of the model";
    };
  }
}

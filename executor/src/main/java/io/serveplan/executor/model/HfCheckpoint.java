package io.serveplan.executor.model;

import io.serveplan.executor.ExecutorException;
import io.serveplan.hardware.document.Document;
import io.serveplan.hardware.document.DocumentException;
import io.serveplan.hardware.document.Fields;
import io.serveplan.hardware.document.JsonCodec;
import io.serveplan.hardware.document.Range;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A Llama checkpoint in the Hugging Face layout: a directory with {@code config.json} and one or
 * more {@code *.safetensors} files whose tensors are named {@code model.embed_tokens.weight},
 * {@code model.layers.N.self_attn.q_proj.weight}, ..., {@code model.norm.weight},
 * {@code lm_head.weight} (absent when tied). bf16/fp16/fp32 tensors, widened to fp32.
 */
public final class HfCheckpoint {

  private HfCheckpoint() {}

  /** Loads config and weights from {@code dir}. */
  public static ModelWeights load(Path dir) {
    ModelConfig config = readConfig(dir.resolve("config.json"));
    Map<String, SafetensorsTensor> tensors = new HashMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().toList()) {
        tensors.putAll(Safetensors.read(f));
      }
    } catch (IOException e) {
      throw new ExecutorException("cannot list checkpoint directory " + dir + ": " + e.getMessage(), e);
    }
    if (tensors.isEmpty()) {
      throw new ExecutorException(dir + " holds no *.safetensors file");
    }
    List<LayerWeights> layers = new ArrayList<>();
    for (int l = 0; l < config.numLayers(); l++) {
      String p = "model.layers." + l + ".";
      layers.add(new LayerWeights(
          take(tensors, dir, p + "input_layernorm.weight"),
          take(tensors, dir, p + "self_attn.q_proj.weight"),
          take(tensors, dir, p + "self_attn.k_proj.weight"),
          take(tensors, dir, p + "self_attn.v_proj.weight"),
          take(tensors, dir, p + "self_attn.o_proj.weight"),
          take(tensors, dir, p + "post_attention_layernorm.weight"),
          take(tensors, dir, p + "mlp.gate_proj.weight"),
          take(tensors, dir, p + "mlp.up_proj.weight"),
          take(tensors, dir, p + "mlp.down_proj.weight")));
    }
    float[] embedding = take(tensors, dir, "model.embed_tokens.weight");
    float[] lmHead = config.tieWordEmbeddings() || !tensors.containsKey("lm_head.weight")
        ? embedding : take(tensors, dir, "lm_head.weight");
    return new ModelWeights(config, embedding, layers, take(tensors, dir, "model.norm.weight"), lmHead);
  }

  /** Writes {@code weights} as config.json + model.safetensors in {@code dtype} (F32, F16, BF16). */
  public static void write(Path dir, ModelWeights weights, String dtype) {
    ModelConfig c = weights.config();
    Map<String, SafetensorsTensor> tensors = new LinkedHashMap<>();
    tensors.put("model.embed_tokens.weight", tensor(dtype, weights.tokenEmbedding(), c.vocabSize(), c.dim()));
    for (int l = 0; l < c.numLayers(); l++) {
      LayerWeights w = weights.layers().get(l);
      String p = "model.layers." + l + ".";
      tensors.put(p + "input_layernorm.weight", tensor(dtype, w.attnNorm(), c.dim()));
      tensors.put(p + "self_attn.q_proj.weight", tensor(dtype, w.wq(), c.qDim(), c.dim()));
      tensors.put(p + "self_attn.k_proj.weight", tensor(dtype, w.wk(), c.kvDim(), c.dim()));
      tensors.put(p + "self_attn.v_proj.weight", tensor(dtype, w.wv(), c.kvDim(), c.dim()));
      tensors.put(p + "self_attn.o_proj.weight", tensor(dtype, w.wo(), c.dim(), c.qDim()));
      tensors.put(p + "post_attention_layernorm.weight", tensor(dtype, w.ffnNorm(), c.dim()));
      tensors.put(p + "mlp.gate_proj.weight", tensor(dtype, w.wGate(), c.hiddenDim(), c.dim()));
      tensors.put(p + "mlp.up_proj.weight", tensor(dtype, w.wUp(), c.hiddenDim(), c.dim()));
      tensors.put(p + "mlp.down_proj.weight", tensor(dtype, w.wDown(), c.dim(), c.hiddenDim()));
    }
    tensors.put("model.norm.weight", tensor(dtype, weights.finalNorm(), c.dim()));
    if (!c.tieWordEmbeddings()) {
      tensors.put("lm_head.weight", tensor(dtype, weights.lmHead(), c.vocabSize(), c.dim()));
    }
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("architectures", List.of("LlamaForCausalLM"));
    config.put("model_type", "llama");
    config.put("hidden_size", c.dim());
    config.put("intermediate_size", c.hiddenDim());
    config.put("num_hidden_layers", c.numLayers());
    config.put("num_attention_heads", c.numHeads());
    config.put("num_key_value_heads", c.numKvHeads());
    config.put("head_dim", c.headDim());
    config.put("vocab_size", c.vocabSize());
    config.put("max_position_embeddings", c.maxPositions());
    config.put("rope_theta", c.ropeTheta());
    config.put("rms_norm_eps", c.rmsNormEps());
    config.put("tie_word_embeddings", c.tieWordEmbeddings());
    config.put("torch_dtype", switch (dtype) {
      case "BF16" -> "bfloat16";
      case "F16" -> "float16";
      default -> "float32";
    });
    try {
      JsonCodec.write(dir.resolve("config.json"), config, JsonCodec.Keys.DECLARED);
    } catch (java.io.UncheckedIOException e) {
      throw new ExecutorException("cannot write " + dir.resolve("config.json") + ": " + e.getMessage(), e);
    }
    Safetensors.write(dir.resolve("model.safetensors"), tensors);
  }

  /**
   * The model shape of a Hugging Face Llama {@code config.json}, read through the project's one
   * document reader: every missing or malformed field is named at once.
   */
  public static ModelConfig readConfig(Path configJson) {
    Fields n;
    try {
      n = Document.parse(Files.readString(configJson), configJson.toString()).fields();
    } catch (IOException | DocumentException e) {
      throw new ExecutorException("cannot read " + configJson + ": " + e.getMessage(), e);
    }
    int big = 1 << 24;
    int hidden = n.requiredInteger("hidden_size", 1, big);
    int heads = n.requiredInteger("num_attention_heads", 1, big);
    int intermediate = n.requiredInteger("intermediate_size", 1, big);
    int layers = n.requiredInteger("num_hidden_layers", 1, big);
    int vocab = n.requiredInteger("vocab_size", 1, big);
    Integer kvHeads = n.integer("num_key_value_heads", null, 1, big);
    Integer headDim = n.integer("head_dim", null, 1, big);
    int maxPositions = n.integer("max_position_embeddings", 2048, 1, Integer.MAX_VALUE);
    double ropeTheta = n.number("rope_theta", 10000.0, Range.above(0));
    double rmsNormEps = n.number("rms_norm_eps", 1e-6, Range.above(0));
    boolean tied = n.bool("tie_word_embeddings", false);
    n.throwIfErrors(errors -> new ExecutorException(new DocumentException(configJson.toString(), errors).getMessage()));
    return new ModelConfig(hidden, intermediate, layers, heads, kvHeads != null ? kvHeads : heads,
        headDim != null ? headDim : hidden / heads, vocab, maxPositions, (float) ropeTheta, (float) rmsNormEps, tied);
  }

  private static float[] take(Map<String, SafetensorsTensor> tensors, Path dir, String name) {
    SafetensorsTensor t = tensors.get(name);
    if (t == null) {
      throw new ExecutorException(dir + ": tensor " + name + " is missing (expected the Hugging Face Llama layout)");
    }
    return t.values();
  }

  private static SafetensorsTensor tensor(String dtype, float[] values, long... shape) {
    return new SafetensorsTensor(dtype, shape, values);
  }
}

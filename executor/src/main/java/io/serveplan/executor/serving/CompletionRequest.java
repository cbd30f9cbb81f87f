package io.serveplan.executor.serving;

import io.serveplan.hardware.document.JsonCodec;
import io.serveplan.hardware.document.JsonValues;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One {@code /v1/completions} or {@code /v1/chat/completions} body, checked: the prompt as token
 * ids (a token-id prompt as given; text and chat messages through {@link ByteTokenizer}), how many
 * tokens to generate, and whether to stream. Immutable.
 *
 * @param minTokens accepted as vLLM accepts it; every request generates exactly {@code maxTokens}
 */
record CompletionRequest(String model, int[] promptTokenIds, int maxTokens, int minTokens, boolean stream,
    boolean includeUsage, boolean chat) {

  /** Fields that change nothing here (greedy decoding, one choice) but that clients send. */
  private static final Set<String> ACCEPTED = Set.of("model", "prompt", "messages", "max_tokens",
      "max_completion_tokens", "min_tokens", "ignore_eos", "stream", "stream_options", "temperature", "top_p",
      "top_k", "min_p", "n", "seed", "stop", "user", "logprobs", "echo", "frequency_penalty", "presence_penalty",
      "repetition_penalty", "best_of", "suffix", "logit_bias", "skip_special_tokens");

  /**
   * @param body the request body as {@link JsonCodec#readValue} read it ({@code null} for an empty body)
   */
  static CompletionRequest parse(Object body, boolean chat, String servedModel, int vocabSize, int maxModelLen) {
    if (!(body instanceof Map<?, ?> b)) {
      throw OpenAiError.badRequest(null, "the request body must be a JSON object");
    }
    for (Object key : b.keySet()) {
      String field = (String) key;
      if (!ACCEPTED.contains(field)) {
        throw OpenAiError.badRequest(field, "unknown field '" + field + "'");
      }
    }
    if (!(b.get("model") instanceof String model)) {
      throw OpenAiError.badRequest("model", "model: required, the served model name '" + servedModel + "'");
    }
    if (!model.equals(servedModel)) {
      throw OpenAiError.notFound("model", "model_not_found", "The model '" + model
          + "' does not exist; this server serves '" + servedModel + "'");
    }
    // NOTE: the lenient conversions (JsonValues.as...) are the ones this parser has always applied:
    // "n": "1" or true is 1, "stream": "true" or 1 streams; where a type is required it is checked
    if (b.containsKey("n") && JsonValues.asInt(b.get("n"), -1) != 1) {
      throw OpenAiError.badRequest("n", "n: only 1 is supported");
    }
    int[] prompt = chat ? chatPrompt(b.get("messages"), vocabSize) : prompt(b.get("prompt"), vocabSize);
    String maxField = b.containsKey("max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
    Object max = b.get(maxField);
    // OpenAI's completions default to 16 tokens; chat (as vLLM) to the rest of the context
    int maxTokens = max == null ? (chat ? maxModelLen - prompt.length : 16) : integer(max, maxField);
    if (maxTokens < 1) {
      throw OpenAiError.badRequest(maxField, maxField + ": " + maxTokens + " must be >= 1");
    }
    int minTokens = b.containsKey("min_tokens") ? integer(b.get("min_tokens"), "min_tokens") : 0;
    if (minTokens < 0 || minTokens > maxTokens) {
      throw OpenAiError.badRequest("min_tokens", "min_tokens: " + minTokens + " must be within 0.." + maxTokens);
    }
    if (b.containsKey("ignore_eos") && !(b.get("ignore_eos") instanceof Boolean)) {
      throw OpenAiError.badRequest("ignore_eos", "ignore_eos: must be true or false");
    }
    boolean stream = JsonValues.asBoolean(JsonValues.path(b, "stream"), false);
    boolean includeUsage = JsonValues.asBoolean(JsonValues.path(b, "stream_options", "include_usage"), false);
    return new CompletionRequest(servedModel, prompt, maxTokens, minTokens, stream, includeUsage, chat);
  }

  /** An int, as JSON writes one (a number without a fraction within 32 bits; JSON reads such as Integer). */
  private static int integer(Object n, String field) {
    if (!(n instanceof Integer i)) {
      throw OpenAiError.badRequest(field, field + ": must be an integer, not " + JsonValues.toJson(n));
    }
    return i;
  }

  private static boolean isIntegral(Object n) {
    return n instanceof Integer || n instanceof Long || n instanceof BigInteger;
  }

  private static int[] prompt(Object p, int vocabSize) {
    if (p == null) {
      throw OpenAiError.badRequest("prompt", "prompt: required, a string or a list of token ids");
    }
    if (p instanceof String text) {
      return ByteTokenizer.encode(text, vocabSize);
    }
    if (!(p instanceof List<?> list) || list.isEmpty()) {
      throw OpenAiError.badRequest("prompt", "prompt: must be a string, a list of token ids, or a list of one of those");
    }
    if (list.get(0) instanceof String || list.get(0) instanceof List<?>) {
      if (list.size() != 1) {
        throw OpenAiError.badRequest("prompt", "prompt: one prompt per request (got " + list.size() + ")");
      }
      return prompt(list.get(0), vocabSize);
    }
    int[] ids = new int[list.size()];
    for (int i = 0; i < ids.length; i++) {
      Object t = list.get(i);
      // NOTE: longValue, as before: a BigInteger id is taken modulo 2^64 before the range check
      if (!isIntegral(t) || ((Number) t).longValue() < 0 || ((Number) t).longValue() >= vocabSize) {
        throw OpenAiError.badRequest("prompt", "prompt[" + i + "]: token ids are integers within 0.." + (vocabSize - 1)
            + ", not " + JsonValues.toJson(t));
      }
      ids[i] = ((Number) t).intValue();
    }
    return ids;
  }

  /** Messages as "role: content" lines, the way a template without special tokens joins them. */
  private static int[] chatPrompt(Object messages, int vocabSize) {
    if (!(messages instanceof List<?> list) || list.isEmpty()) {
      throw OpenAiError.badRequest("messages", "messages: required, a non-empty list of {role, content}");
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < list.size(); i++) {
      Object m = list.get(i);
      String role = JsonValues.asText(JsonValues.path(m, "role"), "");
      if (!Set.of("system", "user", "assistant", "developer", "tool").contains(role)) {
        throw OpenAiError.badRequest("messages[" + i + "].role",
            "messages[" + i + "].role: allowed: system, user, assistant, developer, tool");
      }
      // a message with an allowed role is an object
      Object content = ((Map<?, ?>) m).get("content");
      if (!(content instanceof String || content instanceof List<?>)) {
        throw OpenAiError.badRequest("messages[" + i + "].content", "messages[" + i + "].content: required, text");
      }
      text.append(role).append(": ");
      if (content instanceof String s) {
        text.append(s);
      } else {
        for (Object part : (List<?>) content) {
          text.append(JsonValues.asText(JsonValues.path(part, "text"), ""));
        }
      }
      text.append('\n');
    }
    text.append("assistant: ");
    return ByteTokenizer.encode(text.toString(), vocabSize);
  }
}

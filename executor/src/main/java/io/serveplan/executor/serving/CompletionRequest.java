package io.serveplan.executor.serving;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
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

  static CompletionRequest parse(JsonNode body, boolean chat, String servedModel, int vocabSize, int maxModelLen) {
    if (body == null || !body.isObject()) {
      throw OpenAiError.badRequest(null, "the request body must be a JSON object");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
      String field = it.next().getKey();
      if (!ACCEPTED.contains(field)) {
        throw OpenAiError.badRequest(field, "unknown field '" + field + "'");
      }
    }
    JsonNode model = body.get("model");
    if (model == null || !model.isTextual()) {
      throw OpenAiError.badRequest("model", "model: required, the served model name '" + servedModel + "'");
    }
    if (!model.asText().equals(servedModel)) {
      throw OpenAiError.notFound("model", "model_not_found", "The model '" + model.asText()
          + "' does not exist; this server serves '" + servedModel + "'");
    }
    if (body.has("n") && body.get("n").asInt(-1) != 1) {
      throw OpenAiError.badRequest("n", "n: only 1 is supported");
    }
    int[] prompt = chat ? chatPrompt(body.get("messages"), vocabSize) : prompt(body.get("prompt"), vocabSize);
    JsonNode max = body.has("max_completion_tokens") ? body.get("max_completion_tokens") : body.get("max_tokens");
    String maxField = body.has("max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
    // OpenAI's completions default to 16 tokens; chat (as vLLM) to the rest of the context
    int maxTokens = max == null || max.isNull() ? (chat ? maxModelLen - prompt.length : 16) : integer(max, maxField);
    if (maxTokens < 1) {
      throw OpenAiError.badRequest(maxField, maxField + ": " + maxTokens + " must be >= 1");
    }
    int minTokens = body.has("min_tokens") ? integer(body.get("min_tokens"), "min_tokens") : 0;
    if (minTokens < 0 || minTokens > maxTokens) {
      throw OpenAiError.badRequest("min_tokens", "min_tokens: " + minTokens + " must be within 0.." + maxTokens);
    }
    if (body.has("ignore_eos") && !body.get("ignore_eos").isBoolean()) {
      throw OpenAiError.badRequest("ignore_eos", "ignore_eos: must be true or false");
    }
    boolean stream = body.path("stream").asBoolean(false);
    boolean includeUsage = body.path("stream_options").path("include_usage").asBoolean(false);
    return new CompletionRequest(servedModel, prompt, maxTokens, minTokens, stream, includeUsage, chat);
  }

  private static int integer(JsonNode n, String field) {
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw OpenAiError.badRequest(field, field + ": must be an integer, not " + n);
    }
    return n.asInt();
  }

  private static int[] prompt(JsonNode p, int vocabSize) {
    if (p == null || p.isNull()) {
      throw OpenAiError.badRequest("prompt", "prompt: required, a string or a list of token ids");
    }
    if (p.isTextual()) {
      return ByteTokenizer.encode(p.asText(), vocabSize);
    }
    if (!p.isArray() || p.isEmpty()) {
      throw OpenAiError.badRequest("prompt", "prompt: must be a string, a list of token ids, or a list of one of those");
    }
    if (p.get(0).isTextual() || p.get(0).isArray()) {
      if (p.size() != 1) {
        throw OpenAiError.badRequest("prompt", "prompt: one prompt per request (got " + p.size() + ")");
      }
      return prompt(p.get(0), vocabSize);
    }
    int[] ids = new int[p.size()];
    for (int i = 0; i < ids.length; i++) {
      JsonNode t = p.get(i);
      if (!t.isIntegralNumber() || t.asLong() < 0 || t.asLong() >= vocabSize) {
        throw OpenAiError.badRequest("prompt", "prompt[" + i + "]: token ids are integers within 0.." + (vocabSize - 1)
            + ", not " + t);
      }
      ids[i] = t.asInt();
    }
    return ids;
  }

  /** Messages as "role: content" lines, the way a template without special tokens joins them. */
  private static int[] chatPrompt(JsonNode messages, int vocabSize) {
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw OpenAiError.badRequest("messages", "messages: required, a non-empty list of {role, content}");
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      String role = m.path("role").asText("");
      if (!Set.of("system", "user", "assistant", "developer", "tool").contains(role)) {
        throw OpenAiError.badRequest("messages[" + i + "].role",
            "messages[" + i + "].role: allowed: system, user, assistant, developer, tool");
      }
      JsonNode content = m.get("content");
      if (content == null || !(content.isTextual() || content.isArray())) {
        throw OpenAiError.badRequest("messages[" + i + "].content", "messages[" + i + "].content: required, text");
      }
      text.append(role).append(": ");
      if (content.isTextual()) {
        text.append(content.asText());
      } else {
        for (JsonNode part : content) {
          text.append(part.path("text").asText(""));
        }
      }
      text.append('\n');
    }
    text.append("assistant: ");
    return ByteTokenizer.encode(text.toString(), vocabSize);
  }
}

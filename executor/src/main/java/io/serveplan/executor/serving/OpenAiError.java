package io.serveplan.executor.serving;

/**
 * A request the server refuses, answered as OpenAI's API answers it: HTTP {@code status} and
 * {@code {"error": {"message", "type", "param", "code"}}}.
 */
final class OpenAiError extends RuntimeException {
  final int status;
  final String type;
  final String param;
  final String code;

  OpenAiError(int status, String type, String param, String code, String message) {
    super(message);
    this.status = status;
    this.type = type;
    this.param = param;
    this.code = code;
  }

  static OpenAiError badRequest(String param, String message) {
    return new OpenAiError(400, "invalid_request_error", param, null, message);
  }

  static OpenAiError notFound(String param, String code, String message) {
    return new OpenAiError(404, "invalid_request_error", param, code, message);
  }

  static OpenAiError tooManyRequests(String message) {
    return new OpenAiError(429, "rate_limit_exceeded", null, "rate_limit_exceeded", message);
  }
}

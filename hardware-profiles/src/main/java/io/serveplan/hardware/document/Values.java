package io.serveplan.hardware.document;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/**
 * The one rule by which every document reads a scalar. A number is a YAML/JSON number or a string
 * holding a plain decimal number ({@code "8"}, {@code "0.9"}, {@code "1e3"}; no hex, no {@code
 * NaN}, no {@code Infinity}, no suffix); it must be finite. A whole number is a number without a
 * fraction. A boolean is {@code true}/{@code false}, or a string of either (any case). A string is
 * any scalar, trimmed. Each conversion answers the value or, in {@link Result#problem}, what is
 * wrong with it.
 */
final class Values {

  private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");
  private static final Pattern WHOLE = Pattern.compile("[-+]?\\d+");

  /** A converted value, or the problem that prevented it. */
  record Result<T>(T value, String problem) {
    static <T> Result<T> ok(T v) {
      return new Result<>(v, null);
    }

    static <T> Result<T> bad(String problem) {
      return new Result<>(null, problem);
    }

    boolean failed() {
      return problem != null;
    }
  }

  private Values() {}

  static Result<Double> number(JsonNode v) {
    double d;
    if (v.isNumber()) {
      d = v.asDouble();
    } else if (v.isTextual() && DECIMAL.matcher(v.asText().trim()).matches()) {
      d = Double.parseDouble(v.asText().trim());
    } else {
      return Result.bad("must be a number, got " + describe(v));
    }
    return Double.isFinite(d) ? Result.ok(d) : Result.bad("must be a finite number, got " + describe(v));
  }

  static Result<Long> whole(JsonNode v) {
    if (v.isIntegralNumber()) {
      return v.canConvertToLong() ? Result.ok(v.asLong()) : Result.bad("must be a whole number that fits 64 bits, got " + v.asText());
    }
    if (v.isTextual() && WHOLE.matcher(v.asText().trim()).matches()) {
      try {
        return Result.ok(Long.parseLong(v.asText().trim()));
      } catch (NumberFormatException e) {
        return Result.bad("must be a whole number that fits 64 bits, got " + describe(v));
      }
    }
    Result<Double> d = number(v);
    if (d.failed() || d.value() != Math.rint(d.value()) || Math.abs(d.value()) >= 0x1p63) {
      return Result.bad("must be a whole number, got " + describe(v));
    }
    return Result.ok(d.value().longValue());
  }

  static Result<Boolean> bool(JsonNode v) {
    if (v.isBoolean()) {
      return Result.ok(v.asBoolean());
    }
    if (v.isTextual() && (v.asText().trim().equalsIgnoreCase("true") || v.asText().trim().equalsIgnoreCase("false"))) {
      return Result.ok(Boolean.parseBoolean(v.asText().trim()));
    }
    return Result.bad("must be true or false, got " + describe(v));
  }

  static Result<String> string(JsonNode v) {
    return v.isValueNode() ? Result.ok(v.asText().trim()) : Result.bad("must be a string, got " + describe(v));
  }

  /** {@code an object}, {@code a list} or the scalar in quotes, for messages. */
  static String describe(JsonNode v) {
    return v.isObject() ? "an object" : v.isArray() ? "a list" : "'" + v.asText() + "'";
  }
}

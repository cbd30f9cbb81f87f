package io.serveplan.hardware.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Reads the plain values {@link JsonCodec#readObject} and {@link JsonCodec#readValue} give (maps,
 * lists, strings, numbers, booleans, {@code null}) the way the HTTP edges read Jackson's trees, so
 * that a reader moved off trees answers as it did: {@link #path} tells a key that is absent
 * ({@link #MISSING}) from one that is {@code null}, and the {@code as...} conversions are Jackson's
 * lenient ones ({@code JsonNode.asInt(int)} and its siblings): a number converts by narrowing
 * ({@code 2.9} is 2), a numeric string parses ({@code "7"} is 7), {@code true} is 1, and anything
 * else answers the default. Where a reader means to refuse such values, it checks the type itself
 * ({@code instanceof Integer}). Stateless and thread-safe.
 */
public final class JsonValues {

  /** What {@link #path} answers for a key the value does not have. */
  public static final Object MISSING = new Object() {
    @Override
    public String toString() {
      return "(missing)";
    }
  };

  private JsonValues() {}

  /**
   * The value at {@code keys} under {@code value}, one map level per key; {@link #MISSING} as soon
   * as a level is not a map or lacks the key ({@code null} when the key is there with {@code null}).
   */
  public static Object path(Object value, String... keys) {
    Object at = value;
    for (String key : keys) {
      if (!(at instanceof Map<?, ?> map) || !map.containsKey(key)) {
        return MISSING;
      }
      at = map.get(key);
    }
    return at;
  }

  public static boolean isMissing(Object value) {
    return value == MISSING;
  }

  /** Jackson's {@code asInt(otherwise)}: numbers narrowed, numeric strings parsed, booleans 1 or 0. */
  public static int asInt(Object value, int otherwise) {
    return node(value).asInt(otherwise);
  }

  /** Jackson's {@code asDouble(otherwise)}: numbers, numeric strings, booleans 1 or 0. */
  public static double asDouble(Object value, double otherwise) {
    return node(value).asDouble(otherwise);
  }

  /**
   * Jackson's {@code asText(otherwise)}: a string as it is, a number or boolean as its JSON text
   * ({@code 1.5E9} for a double), {@code ""} for a map or list, {@code otherwise} for null or missing.
   */
  public static String asText(Object value, String otherwise) {
    return node(value).asText(otherwise);
  }

  /**
   * Jackson's {@code asBoolean(otherwise)}: a boolean; an integer other than 0 is true; the string
   * {@code "true"} or {@code "false"}; {@code otherwise} for anything else (a fraction included).
   */
  public static boolean asBoolean(Object value, boolean otherwise) {
    return node(value).asBoolean(otherwise);
  }

  /** The value as compact JSON ({@code "7"} quoted, {@code {"a":[2]}}), for messages that show it. */
  public static String toJson(Object value) {
    return value == MISSING ? "" : new String(JsonCodec.writeCompact(value), StandardCharsets.UTF_8);
  }

  // NOTE: each conversion is the one of the node Jackson's tree held for the value, so the rules
  // are Jackson's own rather than a copy of them; a map or list converts as any container does,
  // whatever it holds, so it is not copied into a tree.
  private static JsonNode node(Object v) {
    if (v == MISSING) {
      return MissingNode.getInstance();
    }
    if (v == null) {
      return NullNode.getInstance();
    }
    if (v instanceof Map<?, ?>) {
      return JsonNodeFactory.instance.objectNode();
    }
    if (v instanceof List<?>) {
      return JsonNodeFactory.instance.arrayNode();
    }
    if (v instanceof String s) {
      return TextNode.valueOf(s);
    }
    if (v instanceof Boolean b) {
      return BooleanNode.valueOf(b);
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return IntNode.valueOf(((Number) v).intValue());
    }
    if (v instanceof Long l) {
      return LongNode.valueOf(l);
    }
    if (v instanceof BigInteger b) {
      return BigIntegerNode.valueOf(b);
    }
    if (v instanceof Float f) {
      return FloatNode.valueOf(f);
    }
    if (v instanceof BigDecimal d) {
      return DecimalNode.valueOf(d);
    }
    if (v instanceof Number n) {
      return DoubleNode.valueOf(n.doubleValue());
    }
    throw new IllegalArgumentException("not a plain JSON value: " + v.getClass().getName());
  }
}

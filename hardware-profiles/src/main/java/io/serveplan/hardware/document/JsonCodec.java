package io.serveplan.hardware.document;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place records become JSON and JSON becomes records or plain maps, so that the modules
 * below the web layer never name a Jackson type (the architecture test holds them to it). Records
 * declare their wire names with Jackson's annotations only; the mapping rules live here:
 *
 * <ul>
 *   <li>{@link Keys#SNAKE_CASE}: a record component {@code meanTtftMs} is the key
 *       {@code mean_ttft_ms} (results, calibration and hardware profiles);
 *   <li>{@link Keys#DECLARED}: keys are the components' names or their {@code @JsonProperty}
 *       (the recommendation, whose records name every key).
 * </ul>
 *
 * Output is indented; map entries are written in key order where {@link #writeSorted} is asked for
 * (a profile diffs cleanly). Reading ignores keys the record does not have, so an older reader takes
 * a newer file. Plain values ({@link #readObject}, {@link #readValue}) are read with
 * {@link JsonValues}. Thread-safe: the mappers are built once and only read.
 */
public final class JsonCodec {

  /** How record components map to JSON keys. */
  public enum Keys { SNAKE_CASE, DECLARED }

  private static final ObjectMapper SNAKE = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();
  private static final ObjectMapper SNAKE_SORTED = SNAKE.copy()
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  private static final ObjectMapper DECLARED = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();
  private static final ObjectMapper COMPACT = JsonMapper.builder().build();

  private JsonCodec() {}

  /** {@code value} (a record, map, list or scalar) as indented JSON. */
  public static String write(Object value, Keys keys) {
    return write(keys == Keys.SNAKE_CASE ? SNAKE : DECLARED, value);
  }

  /** As {@link #write} with snake_case keys, map entries sorted by key. */
  public static String writeSorted(Object value) {
    return write(SNAKE_SORTED, value);
  }

  /** {@code value} as JSON on one line, UTF-8 (a file header, a JSON line). */
  public static byte[] writeCompact(Object value) {
    return write(COMPACT, value).getBytes(StandardCharsets.UTF_8);
  }

  /** Writes indented JSON and a final newline, creating the parent directories. */
  public static void write(Path file, Object value, Keys keys) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, write(value, keys) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * A record (or other bean) of {@code type} from JSON text.
   *
   * @throws IllegalArgumentException naming what was wrong, for text that is not such a document
   */
  public static <T> T read(String json, Class<T> type, Keys keys) {
    try {
      return (keys == Keys.SNAKE_CASE ? SNAKE : DECLARED).readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    }
  }

  /** As {@link #read(String, Class, Keys)} from a UTF-8 file. */
  public static <T> T read(Path file, Class<T> type, Keys keys) throws IOException {
    return read(Files.readString(file), type, keys);
  }

  /**
   * A record (or other bean) of {@code type} from a value {@link #readObject} returned (or a part of
   * one), so that a document read once can be bound to several types.
   *
   * @throws IllegalArgumentException naming what was wrong, for a value that is not such a document
   */
  public static <T> T convert(Object value, Class<T> type, Keys keys) {
    try {
      return (keys == Keys.SNAKE_CASE ? SNAKE : DECLARED).convertValue(value, type);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(problem(e), e);
    }
  }

  /** A record's own refusal (its constructor's message) where there is one, else Jackson's. */
  private static String problem(IllegalArgumentException e) {
    String message = e.getCause() instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof IllegalArgumentException own && !(t instanceof JsonProcessingException)) {
        message = own.getMessage();
      }
    }
    return message;
  }

  /**
   * A JSON object as a map in document order: values are {@code String}, {@code Number},
   * {@code Boolean}, {@code null}, {@code List} and {@code Map} (for headers whose keys are data,
   * such as a safetensors header).
   *
   * @throws IllegalArgumentException when the text is not JSON or not an object
   */
  public static Map<String, Object> readObject(String json) {
    try {
      Map<String, Object> map = COMPACT.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {});
      if (map == null) {
        throw new IllegalArgumentException("not a JSON object: null");
      }
      return map;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    }
  }

  /**
   * Any JSON value as plain Java, as {@link #readObject} reads an object's values: a {@code Map} in
   * document order, a {@code List}, {@code String}, {@code Number} ({@code Integer}, {@code Long},
   * {@code BigInteger} or {@code Double}), {@code Boolean}, or {@code null} for {@code null} and for
   * text with no value at all (empty or blank). For a layer that must tell "not JSON" from "JSON,
   * but not what I take" (an HTTP body, an SSE event). Text after the first value is ignored.
   *
   * @throws IllegalArgumentException with the parser's reason (no location) as its message and the
   *     parser's exception, whose message adds the line and column, as its cause
   */
  public static Object readValue(byte[] json) {
    try (JsonParser parser = COMPACT.createParser(json)) {
      return plain(parser);
    } catch (IOException e) {
      throw parseError(e);
    }
  }

  /** As {@link #readValue(byte[])}, from text. */
  public static Object readValue(String json) {
    try (JsonParser parser = COMPACT.createParser(json)) {
      return plain(parser);
    } catch (IOException e) {
      throw parseError(e);
    }
  }

  /**
   * {@code value} (a record, map, list or scalar) as the plain maps, lists and scalars
   * {@link #readValue} would read back from {@link #write}'s text, without the text: for a layer
   * that merges a record into a larger document it builds as a map.
   */
  public static Object toPlain(Object value, Keys keys) {
    return (keys == Keys.SNAKE_CASE ? SNAKE : DECLARED).convertValue(value, Object.class);
  }

  /** The first value, read straight into plain Java (no tree); none at all is null, as for a tree. */
  private static Object plain(JsonParser parser) throws IOException {
    return parser.nextToken() == null ? null : COMPACT.readValue(parser, Object.class);
  }

  private static IllegalArgumentException parseError(IOException e) {
    String reason = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
    return new IllegalArgumentException(reason, e);
  }

  /**
   * A fresh mapper with the {@link Keys#SNAKE_CASE} rules (indented, failing on unknown keys), for
   * the layers allowed to hold Jackson trees (the web layer).
   */
  public static ObjectMapper snakeCaseMapper() {
    return SNAKE.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  private static String write(ObjectMapper mapper, Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON: "
          + e.getOriginalMessage(), e);
    }
  }
}

package io.serveplan.hardware.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A cursor over one mapping of a document: typed getters by field name, each recording a {@link
 * FieldError} with the dotted path ({@code workload.rate}, {@code gpus[h100-sxm].memory_gb}) for a
 * wrong value instead of stopping, and {@link #rejectUnknown()} for fields nobody read. Every
 * cursor of one document shares one error list; the reader throws its exception once, with all of
 * them ({@link #throwIfErrors}). An absent or null field answers the default; a getter that fails
 * answers the default too, so reading goes on. Scalars follow one rule ({@code Values}): numbers
 * may be written as numeric strings, booleans as {@code "true"}/{@code "false"}. Not thread-safe;
 * one reader at a time.
 */
public final class Fields {

  private final JsonNode node;
  private final String prefix;
  private final List<FieldError> errors;
  private final Set<String> known = new LinkedHashSet<>();

  Fields(JsonNode node, String prefix, List<FieldError> errors) {
    this.node = node;
    this.prefix = prefix;
    this.errors = errors;
  }

  // ---- paths and errors --------------------------------------------------------------------

  /** The dotted path of this mapping ({@code ""} at the root). */
  public String path() {
    return prefix;
  }

  /** The dotted path of a field of this mapping. */
  public String path(String name) {
    return prefix.isEmpty() ? name : prefix + "." + name;
  }

  public void error(String name, String message) {
    errors.add(new FieldError(path(name), message));
  }

  public void error(String name, String message, List<String> allowed) {
    errors.add(new FieldError(path(name), message, allowed));
  }

  /** Every problem found so far in this document, in the order found. */
  public List<FieldError> errors() {
    return List.copyOf(errors);
  }

  /** How many problems were found so far: compare before and after reading an entry. */
  public int errorCount() {
    return errors.size();
  }

  /** Throws {@code exception(errors)} when any problem was found. */
  public <X extends RuntimeException> void throwIfErrors(Function<List<FieldError>, X> exception) {
    if (!errors.isEmpty()) {
      throw exception.apply(List.copyOf(errors));
    }
  }

  // ---- presence ----------------------------------------------------------------------------

  /** Whether this mapping is absent (a missing nested object reads as all defaults). */
  public boolean isAbsent() {
    return node == null;
  }

  /** Whether the field is given (and not null). */
  public boolean present(String name) {
    return node != null && node.isObject() && node.hasNonNull(name);
  }

  /** Declares fields as known without reading them (they are then no unknown fields). */
  public void allow(String... names) {
    known.addAll(List.of(names));
  }

  /** The field's tree, or null when absent or null; marks the field as known. */
  private JsonNode raw(String name) {
    known.add(name);
    if (node == null || !node.isObject()) {
      return null;
    }
    JsonNode v = node.get(name);
    return v == null || v.isNull() ? null : v;
  }

  private JsonNode required(String name) {
    JsonNode v = raw(name);
    if (v == null) {
      error(name, "required");
    }
    return v;
  }

  // ---- scalars -----------------------------------------------------------------------------

  /** A string (any scalar, trimmed), or {@code dflt}. */
  public String string(String name, String dflt) {
    JsonNode v = raw(name);
    return v == null ? dflt : string(name, v, dflt);
  }

  /** A non-blank string; null (and an error) when missing or blank. */
  public String requiredString(String name) {
    JsonNode v = required(name);
    String s = v == null ? null : string(name, v, null);
    if (s != null && s.isEmpty()) {
      error(name, "must be a non-empty string");
      return null;
    }
    return s;
  }

  /** A required string matching {@code pattern}; {@code what} says what it must be in the message. */
  public String requiredMatching(String name, Pattern pattern, String what) {
    String s = requiredString(name);
    if (s != null && !pattern.matcher(s).matches()) {
      error(name, "must be " + what + ", got '" + s + "'");
      return null;
    }
    return s;
  }

  private String string(String name, JsonNode v, String dflt) {
    Values.Result<String> r = Values.string(v);
    if (r.failed()) {
      error(name, r.problem());
      return dflt;
    }
    return r.value();
  }

  /** One of {@code allowed} (compared case-insensitively, answered in its canonical spelling), or {@code dflt}. */
  public String choice(String name, String dflt, List<String> allowed) {
    JsonNode v = raw(name);
    return v == null ? dflt : choice(name, v, dflt, allowed);
  }

  /** A required one of {@code allowed}; null (and an error naming them) when missing or another value. */
  public String requiredChoice(String name, List<String> allowed) {
    JsonNode v = raw(name);
    if (v == null) {
      error(name, "required", allowed);
      return null;
    }
    return choice(name, v, null, allowed);
  }

  private String choice(String name, JsonNode v, String dflt, List<String> allowed) {
    String s = string(name, v, null);
    if (s == null) {
      return dflt;
    }
    String match = Choices.find(s, allowed);
    if (match == null) {
      error(name, "unknown value '" + s + "'", allowed);
      return dflt;
    }
    return match;
  }

  /** An enum constant by its id ({@code id} gives each constant's spelling in documents). */
  public <E extends Enum<E>> E oneOf(String name, E dflt, List<E> values, Function<E, String> id) {
    String s = choice(name, null, values.stream().map(id).toList());
    return s == null ? dflt : values.stream().filter(e -> id.apply(e).equals(s)).findFirst().orElse(dflt);
  }

  /** A number within {@code range}, or {@code dflt}. */
  public Double number(String name, Double dflt, Range range) {
    JsonNode v = raw(name);
    return v == null ? dflt : number(name, v, dflt, range);
  }

  /** A required number within {@code range}; 0 (and an error) when missing or wrong. */
  public double requiredNumber(String name, Range range) {
    JsonNode v = required(name);
    Double d = v == null ? null : number(name, v, null, range);
    return d == null ? 0 : d;
  }

  private Double number(String name, JsonNode v, Double dflt, Range range) {
    Values.Result<Double> r = Values.number(v);
    if (r.failed()) {
      error(name, r.problem());
      return dflt;
    }
    if (!range.contains(r.value())) {
      error(name, rangeProblem(range, r.value()));
      return dflt;
    }
    return r.value();
  }

  /** A whole number in {@code [min, max]}, or {@code dflt}. */
  public Integer integer(String name, Integer dflt, int min, int max) {
    Long l = longValue(name, dflt == null ? null : (long) dflt, min, max);
    return l == null ? null : (int) (long) l;
  }

  /** A required whole number in {@code [min, max]}; 0 (and an error) when missing or wrong. */
  public int requiredInteger(String name, int min, int max) {
    if (raw(name) == null) {
      error(name, "required");
      return 0;
    }
    Integer i = integer(name, null, min, max);
    return i == null ? 0 : i;
  }

  /** A 64-bit whole number in {@code [min, max]}, or {@code dflt}. */
  public Long longValue(String name, Long dflt, long min, long max) {
    JsonNode v = raw(name);
    if (v == null) {
      return dflt;
    }
    Values.Result<Long> r = Values.whole(v);
    if (r.failed()) {
      error(name, r.problem());
      return dflt;
    }
    if (r.value() < min || r.value() > max) {
      error(name, rangeProblem(Range.closed(min, max), r.value()));
      return dflt;
    }
    return r.value();
  }

  /** {@code true} or {@code false}, or {@code dflt}. */
  public Boolean bool(String name, Boolean dflt) {
    JsonNode v = raw(name);
    if (v == null) {
      return dflt;
    }
    Values.Result<Boolean> r = Values.bool(v);
    if (r.failed()) {
      error(name, r.problem(), List.of("true", "false"));
      return dflt;
    }
    return r.value();
  }

  /** A required boolean; false (and an error) when missing or wrong. */
  public boolean requiredBool(String name) {
    if (raw(name) == null) {
      error(name, "required", List.of("true", "false"));
      return false;
    }
    return bool(name, false);
  }

  /** The one wording of a range problem: {@code must be in (0, 1], got 1.5}, {@code must be > 0, got -1}. */
  public static String rangeProblem(Range range, double value) {
    return "must be " + range.describe() + ", got " + Range.fmt(value);
  }

  // ---- structure ---------------------------------------------------------------------------

  /** A nested mapping's fields; an absent one reads as all defaults ({@link #isAbsent()}). */
  public Fields object(String name) {
    JsonNode v = raw(name);
    if (v != null && !v.isObject()) {
      error(name, "must be an object, got " + Values.describe(v));
      v = null;
    }
    return new Fields(v, path(name), errors);
  }

  /** Whether the field holds a list. */
  public boolean isList(String name) {
    JsonNode v = raw(name);
    return v != null && v.isArray();
  }

  /** Whether the field holds a mapping. */
  public boolean isObject(String name) {
    JsonNode v = raw(name);
    return v != null && v.isObject();
  }

  /**
   * A list of mappings, each a cursor whose path is {@code name[i]}, or {@code name[<id>]} when the
   * entry has a string {@code idField} (null: always the index). An element that is no mapping is
   * an error and left out.
   */
  public List<Fields> list(String name, String idField) {
    List<Fields> out = new ArrayList<>();
    List<JsonNode> items = items(name, "a list of entries");
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      String label = idField != null && item.path(idField).isTextual() && !item.path(idField).asText().isBlank()
          ? item.path(idField).asText() : String.valueOf(i);
      if (!item.isObject()) {
        errors.add(new FieldError(path(name) + "[" + label + "]", "must be an object, got " + Values.describe(item)));
      } else {
        out.add(new Fields(item, path(name) + "[" + label + "]", errors));
      }
    }
    return out;
  }

  /** A list of non-empty strings (empty when absent); {@code example} shows a list in the message. */
  public List<String> strings(String name, String example) {
    List<String> out = new ArrayList<>();
    List<JsonNode> items = items(name, "a list, e.g. " + example);
    for (int i = 0; i < items.size(); i++) {
      Values.Result<String> r = Values.string(items.get(i));
      if (r.failed() || r.value().isEmpty()) {
        errors.add(new FieldError(path(name) + "[" + i + "]", r.failed() ? r.problem() : "must be a non-empty string"));
      } else {
        out.add(r.value());
      }
    }
    return out;
  }

  /** A list of values of {@code allowed} (canonical spelling); others are errors naming the index. */
  public List<String> choices(String name, List<String> allowed, String example) {
    List<String> out = new ArrayList<>();
    List<String> given = strings(name, example);
    for (int i = 0; i < given.size(); i++) {
      String match = Choices.find(given.get(i), allowed);
      if (match == null) {
        errors.add(new FieldError(path(name) + "[" + i + "]", "unknown value '" + given.get(i) + "'", allowed));
      } else {
        out.add(match);
      }
    }
    return out;
  }

  /** A list of numbers within {@code range} (empty when absent). */
  public List<Double> numbers(String name, Range range) {
    List<Double> out = new ArrayList<>();
    List<JsonNode> items = items(name, "a list of numbers");
    for (int i = 0; i < items.size(); i++) {
      Values.Result<Double> r = Values.number(items.get(i));
      String at = path(name) + "[" + i + "]";
      if (r.failed()) {
        errors.add(new FieldError(at, r.problem()));
      } else if (!range.contains(r.value())) {
        errors.add(new FieldError(at, rangeProblem(range, r.value())));
      } else {
        out.add(r.value());
      }
    }
    return out;
  }

  private List<JsonNode> items(String name, String what) {
    JsonNode v = raw(name);
    List<JsonNode> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (!v.isArray()) {
      error(name, "must be " + what + ", got " + Values.describe(v));
      return out;
    }
    v.forEach(out::add);
    return out;
  }

  /**
   * This mapping laid over {@code base}: every field of {@code base} except {@code notInherited},
   * then every field of this one except {@code dropped}. Same path and error list.
   */
  public Fields over(Fields base, Set<String> notInherited, Set<String> dropped) {
    ObjectNode merged = ((ObjectNode) base.node).deepCopy();
    notInherited.forEach(merged::remove);
    node.fields().forEachRemaining(f -> {
      if (!dropped.contains(f.getKey())) {
        merged.set(f.getKey(), f.getValue());
      }
    });
    return new Fields(merged, prefix, errors);
  }

  /** Reports every field of this mapping that no getter asked for (nor {@link #allow}ed). */
  public void rejectUnknown() {
    if (node == null || !node.isObject()) {
      return;
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        String near = Choices.nearest(f, known);
        error(f, near == null ? "unknown field" : "unknown field (did you mean " + near + "?)", new ArrayList<>(known));
      }
    }
  }

  @Override
  public String toString() {
    return "Fields[" + (prefix.isEmpty() ? "<root>" : prefix) + "]" + (node == null ? " (absent)" : "");
  }
}

package io.serveplan.simulator.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the fields of one JSON/YAML object, collecting a {@link FieldError} (with the dotted path)
 * for every wrong value instead of stopping at the first, and rejecting fields nobody read.
 */
final class Fields {

  private final JsonNode node;
  private final String prefix;
  private final List<FieldError> errors;
  private final Set<String> known = new LinkedHashSet<>();

  Fields(JsonNode node, String prefix, List<FieldError> errors) {
    this.node = node;
    this.prefix = prefix;
    this.errors = errors;
  }

  String path(String name) {
    return prefix.isEmpty() ? name : prefix + "." + name;
  }

  void error(String name, String message) {
    errors.add(new FieldError(path(name), message));
  }

  void error(String name, String message, List<String> allowed) {
    errors.add(new FieldError(path(name), message, allowed));
  }

  /** The raw value, or null when absent or null; marks the field as known. */
  JsonNode raw(String name) {
    known.add(name);
    if (node == null || !node.isObject()) {
      return null;
    }
    JsonNode v = node.get(name);
    return v == null || v.isNull() ? null : v;
  }

  boolean present(String name) {
    return node != null && node.isObject() && node.has(name) && !node.get(name).isNull();
  }

  String string(String name, String dflt) {
    JsonNode v = raw(name);
    if (v == null) {
      return dflt;
    }
    if (!v.isValueNode()) {
      error(name, "must be a string, got " + kind(v));
      return dflt;
    }
    return v.asText().trim();
  }

  /** A string from a fixed list (compared case-insensitively, returned in its canonical spelling). */
  String choice(String name, String dflt, List<String> allowed) {
    String s = string(name, dflt);
    if (s == null) {
      return null;
    }
    for (String a : allowed) {
      if (a.equals(s.toLowerCase(Locale.ROOT))) {
        return a;
      }
    }
    error(name, "unknown value '" + s + "'", allowed);
    return dflt;
  }

  Double number(String name, Double dflt, double min, double max, boolean minExclusive) {
    JsonNode v = raw(name);
    if (v == null) {
      return dflt;
    }
    double d;
    if (v.isNumber()) {
      d = v.asDouble();
    } else if (v.isTextual()) {
      try {
        d = Double.parseDouble(v.asText().trim());
      } catch (NumberFormatException e) {
        error(name, "must be a number, got '" + v.asText() + "'");
        return dflt;
      }
    } else {
      error(name, "must be a number, got " + kind(v));
      return dflt;
    }
    if (Double.isNaN(d) || (minExclusive ? d <= min : d < min) || d > max) {
      error(name, "must be " + range(min, max, minExclusive) + ", got " + fmt(d));
      return dflt;
    }
    return d;
  }

  Integer integer(String name, Integer dflt, long min, long max) {
    JsonNode v = raw(name);
    if (v == null) {
      return dflt;
    }
    long l;
    if (v.isIntegralNumber() || (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()))) {
      l = v.asLong();
    } else if (v.isTextual() && v.asText().trim().matches("-?\\d+")) {
      l = Long.parseLong(v.asText().trim());
    } else {
      error(name, "must be a whole number, got " + (v.isValueNode() ? "'" + v.asText() + "'" : kind(v)));
      return dflt;
    }
    if (l < min || l > max) {
      error(name, "must be between " + min + " and " + max + ", got " + l);
      return dflt;
    }
    return (int) l;
  }

  Long longValue(String name, long dflt) {
    JsonNode v = raw(name);
    if (v == null) {
      return dflt;
    }
    if (v.isIntegralNumber() || (v.isTextual() && v.asText().trim().matches("-?\\d+"))) {
      return v.isTextual() ? Long.parseLong(v.asText().trim()) : v.asLong();
    }
    error(name, "must be a whole number, got " + (v.isValueNode() ? "'" + v.asText() + "'" : kind(v)));
    return dflt;
  }

  Boolean bool(String name, Boolean dflt) {
    JsonNode v = raw(name);
    if (v == null) {
      return dflt;
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isTextual() && (v.asText().equalsIgnoreCase("true") || v.asText().equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(v.asText());
    }
    error(name, "must be true or false, got " + (v.isValueNode() ? "'" + v.asText() + "'" : kind(v)),
        List.of("true", "false"));
    return dflt;
  }

  /** A nested object's fields; an absent object reads as all defaults. */
  Fields object(String name) {
    JsonNode v = raw(name);
    if (v != null && !v.isObject()) {
      error(name, "must be an object, got " + kind(v));
      v = null;
    }
    return new Fields(v, path(name), errors);
  }

  boolean isAbsent() {
    return node == null;
  }

  /** Reports every field of this object that no reader asked for. */
  void rejectUnknown() {
    if (node == null || !node.isObject()) {
      return;
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        error(f, "unknown field", new ArrayList<>(known));
      }
    }
  }

  private static String kind(JsonNode v) {
    return v.isObject() ? "an object" : v.isArray() ? "a list" : "'" + v.asText() + "'";
  }

  private static String range(double min, double max, boolean minExclusive) {
    String lo = minExclusive ? "> " + fmt(min) : ">= " + fmt(min);
    return Double.isInfinite(max) || max >= 1e300 ? lo : (minExclusive ? "in (" : "in [") + fmt(min) + ", " + fmt(max) + "]";
  }

  static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
  }
}

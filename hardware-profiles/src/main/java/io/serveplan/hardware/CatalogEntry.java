package io.serveplan.hardware;

import io.serveplan.hardware.document.Fields;
import io.serveplan.hardware.document.Range;
import java.util.regex.Pattern;

/**
 * One catalog entry (or a nested mapping of one) being read: the catalog's shorthands over {@link
 * Fields}. A number with a physical range ({@link PhysicalRanges}) is checked against it, others
 * against their sign.
 */
final class CatalogEntry {

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9.-]*");

  final Fields f;

  CatalogEntry(Fields f) {
    this.f = f;
  }

  /** Declares every field this mapping may have and reports the others (with a suggestion for a typo). */
  void allow(String... names) {
    f.allow(names);
    f.rejectUnknown();
  }

  /** The nested mapping {@code name}, or null when absent (an error when it is no mapping). */
  CatalogEntry child(String name) {
    Fields c = f.object(name);
    return c.isAbsent() ? null : new CatalogEntry(c);
  }

  String id() {
    return f.requiredMatching("id", ID, "lowercase letters, digits, dots and dashes");
  }

  String text(String name) {
    return f.requiredString(name);
  }

  String textOr(String name, String dflt) {
    return f.string(name, dflt);
  }

  double positive(String name) {
    return f.requiredNumber(name, PhysicalRanges.of(name).orElse(Range.above(0)));
  }

  double nonNegative(String name) {
    return f.requiredNumber(name, PhysicalRanges.of(name).orElse(Range.atLeast(0)));
  }

  double nonNegativeOr(String name, double dflt) {
    return f.number(name, dflt, PhysicalRanges.of(name).orElse(Range.atLeast(0)));
  }

  double fraction(String name) {
    return f.requiredNumber(name, PhysicalRanges.of(name).orElse(Range.aboveUpTo(0, 1)));
  }

  int positiveInt(String name) {
    return f.requiredInteger(name, 1, Integer.MAX_VALUE);
  }

  /** A whole number >= 0; 0 when absent. */
  int nonNegativeInt(String name) {
    return f.integer(name, 0, 0, Integer.MAX_VALUE);
  }

  boolean bool(String name) {
    return f.requiredBool(name);
  }

  boolean boolOr(String name, boolean dflt) {
    return f.bool(name, dflt);
  }

  void error(String name, String message) {
    f.error(name, message);
  }
}

package io.serveplan.cost.price;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code as_of} of a price: {@code YYYY-MM-DD}, {@code YYYY-MM} or {@code undated}. A month
 * counts from its first day (the oldest reading), so staleness is never understated.
 */
final class AsOf {

  static final String UNDATED = "undated";
  private static final Pattern DATE = Pattern.compile("(\\d{4})-(\\d{2})(?:-(\\d{2}))?");

  private AsOf() {}

  /** The date, empty for {@code undated}; {@code null} when the text is not an allowed form. */
  static Optional<LocalDate> parse(String text) {
    if (UNDATED.equals(text)) {
      return Optional.empty();
    }
    Matcher m = DATE.matcher(text);
    if (!m.matches()) {
      return null;
    }
    try {
      int day = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
      return Optional.of(LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), day));
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }

  /** Undated, or older than {@code maxAgeDays} on {@code today}. */
  static boolean stale(Optional<LocalDate> date, LocalDate today, int maxAgeDays) {
    return date.isEmpty() || ChronoUnit.DAYS.between(date.get(), today) > maxAgeDays;
  }
}

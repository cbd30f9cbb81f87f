package io.serveplan.web.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Plain-text tables for the CLI's {@code --format table}. */
final class Tables {
  private Tables() {}

  /** Renders the given columns of JSON rows, right-aligning numbers. */
  /** {@code --format table|json}: whether JSON was asked for; anything else names the option and the values. */
  static boolean wantsJson(String format) {
    return switch (format.toLowerCase(java.util.Locale.ROOT)) {
      case "json" -> true;
      case "table" -> false;
      default -> throw new IllegalArgumentException("--format: unknown value '" + format + "'; allowed: table, json");
    };
  }

  static String render(JsonNode rows, List<String> columns) {
    int[] width = new int[columns.size()];
    String[][] cells = new String[rows.size()][columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      width[c] = columns.get(c).length();
    }
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < columns.size(); c++) {
        JsonNode v = rows.get(r).get(columns.get(c));
        cells[r][c] = format(v);
        width[c] = Math.max(width[c], cells[r][c].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int c = 0; c < columns.size(); c++) {
      sb.append(String.format("%-" + width[c] + "s  ", columns.get(c)));
    }
    sb.append('\n');
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < columns.size(); c++) {
        JsonNode v = rows.get(r).get(columns.get(c));
        boolean num = v != null && v.isNumber();
        sb.append(String.format("%" + (num ? "" : "-") + width[c] + "s  ", cells[r][c]));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  static String format(JsonNode v) {
    if (v == null || v.isNull()) {
      return "-";
    }
    if (v.isIntegralNumber()) {
      long l = v.asLong();
      if (Math.abs(l) >= 100_000_000L) {
        return String.format("%.3gB", l / 1e9).replace("B", "e9");
      }
      return Long.toString(l);
    }
    if (v.isNumber()) {
      double d = v.asDouble();
      return Math.abs(d) >= 1e6 ? String.format("%.4g", d) : String.format("%.4g", d);
    }
    return v.asText();
  }
}

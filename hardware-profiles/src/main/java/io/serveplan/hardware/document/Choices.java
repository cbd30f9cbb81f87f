package io.serveplan.hardware.document;

import java.util.List;
import java.util.Locale;

/** Matching of values against allowed lists. */
final class Choices {
  private Choices() {}

  static String find(String value, List<String> allowed) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    for (String a : allowed) {
      if (a.toLowerCase(Locale.ROOT).equals(v)) {
        return a;
      }
    }
    return null;
  }

  /**
   * The known name closest to {@code name} when it is a likely typo, else null: at most one edit
   * (insertion, deletion, substitution or swap of neighbours) for names up to 4 characters, two
   * for longer ones.
   */
  static String nearest(String name, Iterable<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(name, k);
      if (d <= (k.length() <= 4 ? 1 : 2) && d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Edit distance with swaps of neighbouring characters (optimal string alignment). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}

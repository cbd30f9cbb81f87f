package io.serveplan.reports;

import java.util.Locale;

/** The text of a recommendation report: the options table and the break-even in words. */
final class RecommendationSummary {

  private RecommendationSummary() {}

  static void append(RecommendationDocument r, StringBuilder body) {
    body.append("<h2>Options, cheapest first</h2>\n<table>\n<tr><th>#</th><th>operating model</th>"
        + "<th>model</th><th>hardware or provider</th><th>GPUs</th><th>replicas</th><th>USD / month</th>"
        + "<th>USD / M input tokens</th><th>USD / M output tokens</th><th>why</th></tr>\n");
    int i = 1;
    for (RecommendationDocument.Option o : r.options()) {
      String where = o.hardware() != null ? o.hardware() : o.provider() != null ? o.provider() : "";
      body.append("<tr><td>").append(o.rank() == null ? i : o.rank()).append("</td><td>")
          .append(HtmlReport.escape(String.valueOf(o.operatingModel()))).append("</td><td>")
          .append(HtmlReport.escape(String.valueOf(o.model()))).append("</td><td>")
          .append(HtmlReport.escape(where)).append("</td><td class=\"n\">")
          .append(o.gpus() == null ? "–" : o.gpus()).append("</td><td class=\"n\">")
          .append(o.replicas() == null ? "–" : o.replicas()).append("</td><td class=\"n\">")
          .append(HtmlReport.number(o.usdPerMonth())).append("</td><td class=\"n\">")
          .append(HtmlReport.number(o.usdPerMillionInputTokens())).append("</td><td class=\"n\">")
          .append(HtmlReport.number(o.usdPerMillionOutputTokens())).append("</td><td>")
          .append(HtmlReport.escape(String.join("; ", o.reasons()))).append("</td></tr>\n");
      i++;
    }
    body.append("</table>\n");
    if (r.breakEven() != null) {
      body.append("<h2>Break-even</h2>\n<p>").append(HtmlReport.escape(breakEven(r))).append("</p>\n");
    }
  }

  /**
   * The break-even in one or two sentences: where self-hosting becomes cheaper than the API, where
   * this workload stands, and both sides' prices.
   */
  static String breakEven(RecommendationDocument r) {
    RecommendationDocument.BreakEven be = r.breakEven();
    StringBuilder s = new StringBuilder();
    String self = be.selfHostedOption() == null ? "the cheapest self-hosted option" : be.selfHostedOption();
    String api = be.api() == null ? "the cheapest hosted API" : be.api();
    if (be.monthlyTokens() == null) {
      s.append(self).append(" never costs less than ").append(api).append(" within the volumes searched.");
    } else {
      s.append("Above ").append(tokens(be.monthlyTokens())).append(" tokens a month, ").append(self)
          .append(" costs less than ").append(api).append('.');
      double volume = r.workloadMonthlyTokens();
      if (volume > 0) {
        s.append(" This workload is ").append(tokens(volume)).append(" tokens a month, ")
            .append(volume >= be.monthlyTokens() ? "above" : "below").append(" it (the break-even counts the smallest")
            .append(" fleet running all month at steady load; the options' costs also pay for this workload's peaks).");
      }
    }
    if (be.apiUsdPerMillionTokens() != null) {
      s.append(" The API costs $").append(price(be.apiUsdPerMillionTokens())).append(" per million tokens");
      if (be.selfHostedFloorUsdPerMonth() != null) {
        s.append("; self-hosting costs at least $").append(HtmlReport.number(be.selfHostedFloorUsdPerMonth()))
            .append(" a month");
      }
      if (be.selfHostedUsdPerMillionTokensAtScale() != null) {
        s.append(", then $").append(price(be.selfHostedUsdPerMillionTokensAtScale()))
            .append(" per million tokens at scale");
      }
      s.append('.');
    }
    return s.toString();
  }

  /** A monthly token volume in words: 58.9 billion. */
  static String tokens(double n) {
    if (n >= 1e12) {
      return String.format(Locale.ROOT, "%.3g trillion", n / 1e12);
    }
    if (n >= 1e9) {
      return String.format(Locale.ROOT, "%.3g billion", n / 1e9);
    }
    if (n >= 1e6) {
      return String.format(Locale.ROOT, "%.3g million", n / 1e6);
    }
    return String.format(Locale.ROOT, "%,.0f", n);
  }

  private static String price(double usd) {
    return String.format(Locale.ROOT, usd >= 1 ? "%.2f" : "%.4f", usd);
  }
}

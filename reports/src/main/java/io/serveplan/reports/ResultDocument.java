package io.serveplan.reports;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

/**
 * A stored result as a report reads it: a simulation ({@code simulate --out}, {@code POST
 * /simulations}), a recommendation ({@code recommend --format json}, {@code POST
 * /recommendations}) or a capacity curve ({@code sweep-rate --format json}, {@code POST /sweeps},
 * a capacity search). The layers that hold the JSON (the CLI's {@code report}, the web layer) read
 * it into one of these through the project's one reader, choosing the type by {@link #kindOf};
 * the reports module itself parses nothing. Immutable.
 */
public sealed interface ResultDocument permits SimulationDocument, RecommendationDocument, CapacityDocument {

  /** The kinds of result a report draws, each with its record. */
  enum Kind {
    SIMULATION(SimulationDocument.class),
    RECOMMENDATION(RecommendationDocument.class),
    CAPACITY(CapacityDocument.class);

    private final Class<? extends ResultDocument> type;

    Kind(Class<? extends ResultDocument> type) {
      this.type = type;
    }

    /** The record a document of this kind is read into. */
    public Class<? extends ResultDocument> type() {
      return type;
    }

    /** The kind as reports and URLs name it: {@code simulation}, {@code recommendation}, {@code capacity}. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  Kind kind();

  /**
   * The spec or workload sheet the result came from, as indented JSON for the report to show; null
   * when the document carries none (a recommendation, a sweep).
   */
  String specText();

  /** The same result showing {@code text} as its spec. */
  ResultDocument withSpecText(String text);

  /**
   * What kind of result a JSON object with these top-level keys is: {@code options} makes a
   * recommendation, {@code curve} a capacity curve, {@code metrics} a simulation.
   *
   * @throws IllegalArgumentException naming the keys each kind needs
   */
  static Kind kindOf(Collection<String> topLevelKeys) {
    if (topLevelKeys.contains("options")) {
      return Kind.RECOMMENDATION;
    }
    if (topLevelKeys.contains("curve")) {
      return Kind.CAPACITY;
    }
    if (topLevelKeys.contains("metrics")) {
      return Kind.SIMULATION;
    }
    throw new IllegalArgumentException("result: not a ServePlan result; allowed: a simulation with 'metrics', a "
        + "recommendation with 'options' or a capacity curve with 'curve' (kinds: "
        + String.join(", ", Arrays.stream(Kind.values()).map(Kind::id).toList()) + ")");
  }
}

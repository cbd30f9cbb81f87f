package io.serveplan.hardware;

import io.serveplan.hardware.document.Fields;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;

/**
 * A fine-tune names its base ({@code base_model: llama-3.1-70b}) instead of repeating the
 * architecture: it gets every architecture field of the base entry (read earlier in the same file)
 * and keeps its own id, name, repository, provenance and any field it sets itself.
 */
final class FineTunes {

  /** Fields that describe an entry, not its architecture: never inherited. */
  private static final Set<String> OWN =
      Set.of("id", "name", "hf_repo", "source", "as_of", "confidence", "notes", "base_model");

  private FineTunes() {}

  /**
   * The entry with its base's architecture, the entry itself when it names no base, or null (and an
   * error on {@code base_model}) when the base is no earlier entry.
   */
  static Fields resolve(Fields entry, Map<String, Fields> earlier) {
    String base = entry.string("base_model", null);
    if (base == null) {
      return entry;
    }
    Fields baseEntry = earlier.get(base);
    if (baseEntry == null) {
      entry.error("base_model", "'" + base + "' is not an entry earlier in this file", new ArrayList<>(earlier.keySet()));
      return null;
    }
    return entry.over(baseEntry, OWN, Set.of("base_model"));
  }
}

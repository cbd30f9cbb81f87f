package io.serveplan.hardware;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

  static JsonNode resolve(String file, JsonNode entry, Map<String, JsonNode> earlier) {
    JsonNode base = entry.isObject() ? entry.get("base_model") : null;
    if (base == null || base.isNull()) {
      return entry;
    }
    JsonNode baseNode = earlier.get(base.asText());
    if (baseNode == null) {
      throw new CatalogException(file + ": models entry '" + CatalogReader.Entry.idOf(entry)
          + "': field 'base_model': '" + base.asText() + "' is not an entry earlier in this file; "
          + "allowed: " + String.join(", ", earlier.keySet()));
    }
    ObjectNode merged = ((ObjectNode) baseNode).deepCopy();
    OWN.forEach(merged::remove);
    entry.fields().forEachRemaining(f -> {
      if (!f.getKey().equals("base_model")) {
        merged.set(f.getKey(), f.getValue());
      }
    });
    return merged;
  }
}

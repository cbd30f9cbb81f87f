package io.serveplan.web.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.serveplan.simulator.spec.SpecException;
import io.serveplan.web.db.RunKind;

/** Recommendations: the workload sheet of {@code serveplan recommend}, answered by the recommender. */
public final class RecommendationHandler implements RunHandler {

  @Override
  public RunKind kind() {
    return RunKind.RECOMMENDATION;
  }

  @Override
  public JsonNode accept(JsonNode document) {
    if (document == null || !document.isObject()) {
      throw new SpecException("sheet", "must be an object (a map of fields)");
    }
    return document;
  }

  @Override
  public JsonNode execute(JsonNode sheet, RunControl control) {
    throw new UnsupportedOperationException(
        "this build does not include the recommender yet; the run was stored but cannot execute");
  }
}

package io.serveplan.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serveplan.web.db.Run;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;

/**
 * A run as the API shows it: status, progress (0..1), times, the submitted document and, when done,
 * the result (docs/design.md's result keys for a simulation, the recommender's answer for a
 * recommendation). {@code result} is left out of list pages.
 */
public record RunView(
    String id,
    String kind,
    String status,
    double progress,
    OffsetDateTime createdAt,
    OffsetDateTime startedAt,
    OffsetDateTime finishedAt,
    String error,
    JsonNode spec,
    JsonNode result,
    String href) {

  static RunView of(Run run, String href, boolean withResult, ObjectMapper json) {
    return new RunView(run.id(), run.kind().id(), run.status().id(), run.progress(), run.createdAt(),
        run.startedAt().orElse(null), run.finishedAt().orElse(null), run.error().orElse(null),
        parse(run.specJson(), json),
        withResult ? run.resultJson().map(r -> parse(r, json)).orElse(null) : null, href);
  }

  private static JsonNode parse(String text, ObjectMapper json) {
    try {
      return json.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("stored JSON does not parse", e);
    }
  }
}

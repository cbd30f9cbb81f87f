package io.serveplan.web.db;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * One stored run, as the database holds it. JSON documents are kept as text: the spec as
 * submitted (normalized to JSON), the result when done.
 *
 * @param progress fraction done, 0..1
 */
public record Run(
    String id,
    RunKind kind,
    RunStatus status,
    double progress,
    String specJson,
    Optional<String> resultJson,
    Optional<String> error,
    OffsetDateTime createdAt,
    Optional<OffsetDateTime> startedAt,
    Optional<OffsetDateTime> finishedAt) {

  public Run {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(specJson, "specJson");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** A new run, waiting for a worker. */
  public static Run queued(String id, RunKind kind, String specJson, OffsetDateTime now) {
    return new Run(id, kind, RunStatus.QUEUED, 0, specJson, Optional.empty(), Optional.empty(), now,
        Optional.empty(), Optional.empty());
  }
}

package io.serveplan.web.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.serveplan.web.db.RunKind;

/**
 * Runs one kind of job. {@link #accept} runs on the request thread and must reject bad input with
 * an {@link IllegalArgumentException} (a {@code SpecException} naming fields where possible);
 * {@link #execute} runs on a worker.
 */
public interface RunHandler {

  RunKind kind();

  /** Checks a submitted document; returns the document to store and later execute. */
  JsonNode accept(JsonNode document);

  /**
   * The server memory the accepted document's run holds while it executes (an upper estimate);
   * workers take it from the {@link MemoryBudget} before they start the run.
   */
  default long memoryEstimateBytes(JsonNode accepted) {
    return 16L << 20;
  }

  /** Computes the run's result; may throw to fail the run (its message is shown to the user). */
  JsonNode execute(JsonNode spec, RunControl control) throws Exception;
}

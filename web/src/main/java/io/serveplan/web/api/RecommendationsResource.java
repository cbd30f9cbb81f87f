package io.serveplan.web.api;

import io.serveplan.web.db.RunKind;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/v1/recommendations}: the workload sheet of {@code serveplan recommend}. */
@Path("/recommendations")
@Tag(name = "recommendations", description = "Ranked serving options for a workload")
public class RecommendationsResource extends RunResource {
  @Override
  RunKind kind() {
    return RunKind.RECOMMENDATION;
  }
}

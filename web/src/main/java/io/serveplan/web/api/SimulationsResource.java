package io.serveplan.web.api;

import io.serveplan.web.db.RunKind;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/v1/simulations}: what-if runs, the same spec document as {@code serveplan simulate}. */
@Path("/simulations")
@Tag(name = "simulations", description = "What-if simulations of one serving configuration")
public class SimulationsResource extends RunResource {
  @Override
  RunKind kind() {
    return RunKind.SIMULATION;
  }
}

package io.serveplan.web.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Rows of {@code serveplan catalog apis}: filled in by the cost-model's price catalog. */
final class ApiCatalogRows {
  static final List<String> COLUMNS =
      List.of("id", "provider", "model", "input_usd_per_mtok", "output_usd_per_mtok", "as_of");

  private ApiCatalogRows() {}

  static ArrayNode apis(Optional<Path> catalogDir) {
    throw new UnsupportedOperationException(
        "catalog apis is not available yet in this build (it comes with the cost model)");
  }
}

package io.serveplan.web.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.serveplan.cost.price.ApiPrice;
import io.serveplan.cost.price.GpuPrice;
import io.serveplan.cost.price.PriceCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Rows of {@code serveplan catalog apis} (the hosted API price catalog) and {@code catalog
 * gpu-prices} (GPU-hour prices). User price files come from
 * {@code <catalog-dir>/prices} when that directory exists, else from {@code $SERVEPLAN_PRICES} or
 * {@code $SERVEPLAN_CATALOG/prices}. A stale price (undated, or older than 180 days) says so in
 * {@code dated} column and its {@code stale} field.
 */
final class ApiCatalogRows {
  static final List<String> COLUMNS =
      List.of("id", "provider", "class", "model", "input_usd_per_mtok", "output_usd_per_mtok",
          "cached_input_usd_per_mtok", "batch_input_usd_per_mtok", "batch_output_usd_per_mtok", "dated");

  static final List<String> GPU_COLUMNS =
      List.of("id", "provider", "gpu", "tier", "usd_per_gpu_hour", "region", "dated", "origin");

  private ApiCatalogRows() {}

  private static PriceCatalog prices(Optional<Path> catalogDir) {
    Optional<Path> priceDir = catalogDir.map(d -> d.resolve("prices")).filter(Files::isDirectory);
    return PriceCatalog.fromEnvironment(priceDir);
  }

  /** Rows of {@code serveplan catalog gpu-prices}: $/GPU-hour by provider and tier; yours marked. */
  static ArrayNode gpuPrices(Optional<Path> catalogDir) {
    PriceCatalog prices = prices(catalogDir);
    ArrayNode rows = CatalogCommand.JSON.createArrayNode();
    for (GpuPrice p : prices.gpuPrices()) {
      ObjectNode o = rows.addObject();
      o.put("id", p.id());
      o.put("provider", p.provider());
      o.put("gpu", p.gpu());
      o.put("tier", p.tierId());
      o.put("usd_per_gpu_hour", p.usdPerGpuHour());
      o.put("region", p.region() == null ? "-" : p.region());
      o.put("as_of", p.asOf());
      o.put("dated", p.stale() ? p.asOf() + " (stale)" : p.asOf());
      o.put("stale", p.stale());
      o.put("origin", prices.userPrice(p.id()) ? "yours" : p.referenceOnly() ? "reference only" : "built-in");
      o.put("source", p.source());
      if (p.notes() != null) {
        o.put("notes", p.notes());
      }
    }
    return rows;
  }

  static ArrayNode apis(Optional<Path> catalogDir) {
    PriceCatalog prices = prices(catalogDir);
    ArrayNode rows = CatalogCommand.JSON.createArrayNode();
    for (ApiPrice a : prices.apiPrices()) {
      ObjectNode o = rows.addObject();
      o.put("id", a.id());
      o.put("provider", a.provider());
      o.put("name", a.name());
      o.put("class", a.apiClass());
      o.put("model", a.model());
      o.put("input_usd_per_mtok", a.inputUsdPerMTok());
      o.put("output_usd_per_mtok", a.outputUsdPerMTok());
      putOptional(o, "cached_input_usd_per_mtok", a.cachedInputUsdPerMTok());
      putOptional(o, "batch_input_usd_per_mtok", a.batchInputUsdPerMTok());
      putOptional(o, "batch_output_usd_per_mtok", a.batchOutputUsdPerMTok());
      o.put("as_of", a.asOf());
      o.put("dated", a.stale() ? a.asOf() + " (stale)" : a.asOf());
      o.put("stale", a.stale());
      o.put("source", a.source());
      if (a.notes() != null) {
        o.put("notes", a.notes());
      }
    }
    return rows;
  }

  private static void putOptional(ObjectNode o, String key, Double v) {
    if (v == null) {
      o.putNull(key);
    } else {
      o.put(key, v);
    }
  }
}

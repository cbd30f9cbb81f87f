package io.serveplan.web.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serveplan.cost.price.PriceCatalog;
import io.serveplan.cost.recommend.Recommendation;
import io.serveplan.cost.recommend.Recommender;
import io.serveplan.cost.sheet.SheetReader;
import io.serveplan.cost.sheet.WorkloadSheet;
import io.serveplan.hardware.Catalog;
import io.serveplan.hardware.document.Document;
import io.serveplan.hardware.document.FieldError;
import io.serveplan.simulator.CalibrationResolver;
import io.serveplan.simulator.spec.SpecException;
import io.serveplan.web.db.RunKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Recommendations: the workload sheet of {@code serveplan recommend}, answered by the recommender
 * (docs/design.md's JSON answer: ranked {@code options}, {@code break_even}, ...). Candidate models and
 * hardware the catalog does not know are rejected by field at submission.
 */
public final class RecommendationHandler implements RunHandler {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final java.util.function.Supplier<Catalog> catalogs;
  private final PriceCatalog prices;

  /** Most entries a candidate list may have. */
  static final int MAX_CANDIDATES = 64;

  private final RunLimits limits;
  private final CalibrationResolver calibrations;

  public RecommendationHandler(java.util.function.Supplier<Catalog> catalogs, PriceCatalog prices) {
    this(catalogs, prices, new RunLimits(Long.MAX_VALUE / 4, Long.MAX_VALUE / 4_000_000_000L));
  }

  /** @param limits the same request and duration limits as simulations (413 beyond); no stored profiles */
  public RecommendationHandler(java.util.function.Supplier<Catalog> catalogs, PriceCatalog prices, RunLimits limits) {
    this(catalogs, prices, limits, id -> Optional.empty(), List::of);
  }

  /**
   * @param calibrations finds a stored calibration profile by id for the sheet's {@code
   *     calibrations} (never a file: the sheet comes from the network)
   * @param calibrationIds the stored ids, for error messages
   */
  public RecommendationHandler(java.util.function.Supplier<Catalog> catalogs, PriceCatalog prices, RunLimits limits,
      CalibrationResolver calibrations, Supplier<List<String>> calibrationIds) {
    this.catalogs = catalogs;
    this.prices = prices;
    this.limits = limits;
    this.calibrations = CalibrationResolver.of(calibrations, id -> new FieldError("calibration",
        "no calibration profile '" + id + "' is stored on this server (POST it to /api/v1/calibrations first)",
        calibrationIds.get()));
  }

  @Override
  public RunKind kind() {
    return RunKind.RECOMMENDATION;
  }

  @Override
  public JsonNode accept(JsonNode document) {
    WorkloadSheet sheet = SheetReader.fromTree(Document.of(document));
    List<FieldError> errors = new ArrayList<>();
    WorkloadChecks.traces(sheet.workload(), errors);
    if (sheet.candidates() != null) {
      candidateCount("candidates.models", sheet.candidates().models(), errors);
      candidateCount("candidates.hardware", sheet.candidates().hardware(), errors);
      candidateCount("candidates.engines", sheet.candidates().engines(), errors);
      candidateCount("candidates.api_ids", sheet.candidates().apiIds(), errors);
      List<String> models = sheet.candidates().models() == null ? List.of() : sheet.candidates().models();
      for (int i = 0; i < models.size(); i++) {
        if (catalogs.get().findModel(models.get(i)).isEmpty()) {
          errors.add(new FieldError("candidates.models[" + i + "]", "unknown model '" + models.get(i) + "'",
              catalogs.get().modelIds()));
        }
      }
      List<String> hardware = sheet.candidates().hardware() == null ? List.of() : sheet.candidates().hardware();
      for (int i = 0; i < hardware.size(); i++) {
        if (catalogs.get().findGpu(hardware.get(i)).isEmpty()) {
          errors.add(new FieldError("candidates.hardware[" + i + "]", "unknown hardware '" + hardware.get(i) + "'",
              catalogs.get().gpuIds()));
        }
      }
    }
    for (int i = 0; i < sheet.calibrations().size(); i++) {
      String id = sheet.calibrations().get(i).profile();
      if (calibrations.resolve(id).isEmpty()) {
        FieldError miss = calibrations.notFound(id);
        errors.add(new FieldError("calibrations[" + i + "].profile", miss.message(), miss.allowed()));
      }
    }
    if (!errors.isEmpty()) {
      throw new SpecException(errors);
    }
    WorkloadChecks.size(sheet.workload(), limits);
    return document;
  }

  private static void candidateCount(String field, List<String> values, List<FieldError> errors) {
    if (values != null && values.size() > MAX_CANDIDATES) {
      errors.add(new FieldError(field, values.size() + " entries; at most " + MAX_CANDIDATES + " are allowed"));
    }
  }

  @Override
  public JsonNode execute(JsonNode document, RunControl control) throws IOException {
    WorkloadSheet sheet = SheetReader.fromTree(Document.of(document));
    // progress in real steps: the share of capacity searches finished (the enumeration before them
    // takes milliseconds); a cancelled recommendation stops at the next finished search
    Recommender.Progress progress = new Recommender.Progress() {
      @Override
      public void searched(int done, int total) {
        control.progress(total == 0 ? 1.0 : (double) done / total);
      }

      @Override
      public boolean cancelled() {
        return control.isCancelled();
      }
    };
    Recommendation r;
    try {
      r = new Recommender().withCalibrations(calibrations).withProgress(progress).recommend(sheet, catalogs.get(), prices);
    } catch (Recommender.CancelledException e) {
      throw new RunCancelledException();
    }
    if (control.isCancelled()) {
      throw new RunCancelledException();
    }
    return JSON.readTree(r.toJson());
  }
}

package io.serveplan.cost.price;

import io.serveplan.hardware.document.Document;
import io.serveplan.hardware.document.DocumentException;
import io.serveplan.hardware.document.Fields;
import io.serveplan.hardware.document.Range;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads price documents ({@code gpu_prices}, {@code api_prices}, {@code assumptions} lists; YAML or
 * JSON) with the shared document reader, validating every field. All problems of a document come at
 * once in one {@link PriceException}; each names the list, the entry id and the field ({@code
 * gpu_prices[aws-h100].tier: unknown value 'hourly'; allowed: on-demand, ...}).
 */
final class PriceReader {

  private static final String[] TOP_LEVEL = {"gpu_prices", "api_prices", "assumptions"};
  private static final List<String> API_CLASSES = List.of("first-party", "open-host");
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  private static final Range POSITIVE = Range.above(0);
  private static final Range NON_NEGATIVE = Range.atLeast(0);
  private static final String[] GPU_FIELDS = {
      "id", "provider", "gpu", "tier", "usd_per_gpu_hour", "usd_per_gpu_hour_range", "instance",
      "gpus_per_instance", "region", "cold_start_s", "scaledown_window_s", "reference_only",
      "source", "as_of", "notes"};
  private static final String[] API_FIELDS = {
      "id", "provider", "name", "provider_model", "class", "model", "input_usd_per_mtok",
      "output_usd_per_mtok", "cached_input_usd_per_mtok", "batch_input_usd_per_mtok",
      "batch_output_usd_per_mtok", "max_input_tokens", "source", "as_of", "notes"};
  private static final String[] ASSUMPTION_FIELDS = {"id", "value", "unit", "source", "as_of", "notes"};

  record Contents(List<GpuPrice> gpuPrices, List<ApiPrice> apiPrices, List<PriceAssumption> assumptions) {}

  private final String file;
  private final LocalDate today;
  private final int staleAfterDays;

  PriceReader(String file, LocalDate today, int staleAfterDays) {
    this.file = file;
    this.today = today;
    this.staleAfterDays = staleAfterDays;
  }

  Contents read(InputStream in) {
    Document doc;
    try {
      doc = Document.read(in, "document");
    } catch (DocumentException e) {
      throw new PriceException(file, e.errors());
    } catch (IOException e) {
      throw new PriceException(file + ": cannot read: " + e.getMessage(), e);
    }
    if (doc.isEmpty() || !doc.isObject()) {
      throw new PriceException(file + ": expected a document with " + String.join(", ", TOP_LEVEL) + " lists");
    }
    Fields root = doc.fields();
    root.allow(TOP_LEVEL);
    List<GpuPrice> gpus = entries(root, "gpu_prices", GPU_FIELDS, this::gpuPrice);
    List<ApiPrice> apis = entries(root, "api_prices", API_FIELDS, this::apiPrice);
    List<PriceAssumption> assumptions = entries(root, "assumptions", ASSUMPTION_FIELDS, this::assumption);
    root.rejectUnknown();
    root.throwIfErrors(errors -> new PriceException(file, errors));
    return new Contents(gpus, apis, assumptions);
  }

  /** Reads every entry of a list; an entry is kept only when it added no problem. */
  private static <T> List<T> entries(Fields root, String list, String[] fields, Function<Fields, T> reader) {
    List<T> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Fields e : root.list(list, "id")) {
      int before = e.errorCount();
      e.allow(fields);
      e.rejectUnknown();
      String id = e.requiredMatching("id", ID, "lowercase letters, digits, '.', '_' and '-'");
      if (id != null && !ids.add(id)) {
        e.error("id", "duplicate id in the same file");
      }
      T t = reader.apply(e);
      if (e.errorCount() == before) {
        out.add(t);
      }
    }
    return out;
  }

  private GpuPrice gpuPrice(Fields e) {
    String tierId = e.requiredChoice("tier", PricingTier.ids());
    List<Double> range = null;
    if (e.present("usd_per_gpu_hour_range")) {
      List<Double> r = e.numbers("usd_per_gpu_hour_range", NON_NEGATIVE);
      if (r.size() != 2 || r.get(0) > r.get(1)) {
        e.error("usd_per_gpu_hour_range", "must be [low, high] with 0 <= low <= high");
      }
      range = r;
    }
    boolean serverless = PricingTier.byId(tierId) == PricingTier.SERVERLESS;
    String asOf = e.requiredString("as_of");
    return new GpuPrice(
        e.string("id", "?"),
        e.requiredString("provider"),
        e.requiredString("gpu"),
        tierId,
        e.requiredNumber("usd_per_gpu_hour", POSITIVE),
        range,
        e.string("instance", null),
        e.integer("gpus_per_instance", 1, 1, Integer.MAX_VALUE),
        e.string("region", null),
        serverless ? e.number("cold_start_s", 15.0, NON_NEGATIVE) : null,
        serverless ? e.number("scaledown_window_s", 60.0, NON_NEGATIVE) : null,
        e.bool("reference_only", false),
        e.requiredString("source"),
        asOf,
        stale(e, asOf),
        e.string("notes", null));
  }

  private ApiPrice apiPrice(Fields e) {
    String asOf = e.requiredString("as_of");
    return new ApiPrice(
        e.string("id", "?"),
        e.requiredString("provider"),
        e.requiredString("name"),
        e.string("provider_model", null),
        e.requiredChoice("class", API_CLASSES),
        e.string("model", null),
        e.requiredNumber("input_usd_per_mtok", NON_NEGATIVE),
        e.requiredNumber("output_usd_per_mtok", NON_NEGATIVE),
        e.number("cached_input_usd_per_mtok", null, NON_NEGATIVE),
        e.number("batch_input_usd_per_mtok", null, NON_NEGATIVE),
        e.number("batch_output_usd_per_mtok", null, NON_NEGATIVE),
        e.longValue("max_input_tokens", null, 1, Long.MAX_VALUE),
        e.requiredString("source"),
        asOf,
        stale(e, asOf),
        e.string("notes", null));
  }

  private PriceAssumption assumption(Fields e) {
    String asOf = e.requiredString("as_of");
    return new PriceAssumption(e.string("id", "?"), e.requiredNumber("value", NON_NEGATIVE),
        e.string("unit", null), e.requiredString("source"), asOf, stale(e, asOf));
  }

  private boolean stale(Fields e, String asOf) {
    if (asOf == null) {
      return false;
    }
    Optional<LocalDate> date = AsOf.parse(asOf);
    if (date == null) {
      e.error("as_of", "must be a date, got '" + asOf + "'", List.of("YYYY-MM-DD", "YYYY-MM", "undated"));
      return false;
    }
    return AsOf.stale(date, today, staleAfterDays);
  }
}

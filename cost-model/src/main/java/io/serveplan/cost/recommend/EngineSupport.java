package io.serveplan.cost.recommend;

import io.serveplan.hardware.document.Document;
import io.serveplan.hardware.document.DocumentException;
import io.serveplan.hardware.document.Fields;
import io.serveplan.hardware.document.Range;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The engine–hardware compatibility table and each preset's stated efficiency range
 * ({@code io/serveplan/hardware/engine_hardware.yaml}, beside the engine presets): which GPU vendors
 * an engine runs on, with its source; whether the preset is provisional (tuned to no published
 * figure); by what share its capacity may be off. An engine without an entry (a user's preset) runs
 * everywhere and is provisional at the widest stated range. Read with the shared document reader
 * (every problem of the file named at once). Immutable.
 */
public final class EngineSupport {

  static final String RESOURCE = "/io/serveplan/hardware/engine_hardware.yaml";
  private static final double UNKNOWN_RANGE = 0.25;

  /** One engine's row. */
  public record Entry(String engine, List<String> vendors, boolean provisional, double efficiencyRange, String source,
      String asOf) {}

  private final Map<String, Entry> entries;

  private EngineSupport(Map<String, Entry> entries) {
    this.entries = Map.copyOf(entries);
  }

  private static final EngineSupport BUILTIN = load();

  public static EngineSupport builtin() {
    return BUILTIN;
  }

  private static EngineSupport load() {
    try (InputStream in = EngineSupport.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      Fields root = Document.read(in, "document").fields();
      root.allow("engines");
      Map<String, Entry> m = new LinkedHashMap<>();
      for (Fields e : root.list("engines", "engine")) {
        String engine = e.requiredString("engine");
        List<String> vendors = e.strings("vendors", "[NVIDIA, AMD]").stream()
            .map(v -> v.toUpperCase(Locale.ROOT)).toList();
        m.put(engine, new Entry(engine, vendors, e.bool("provisional", true),
            e.number("efficiency_range", UNKNOWN_RANGE, Range.closed(0, 1)), e.string("source", ""),
            e.string("as_of", "")));
        e.rejectUnknown();
      }
      root.rejectUnknown();
      root.throwIfErrors(errors -> new DocumentException(RESOURCE, errors));
      return new EngineSupport(m);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public List<Entry> entries() {
    return List.copyOf(entries.values());
  }

  /** Whether {@code engine} runs on GPUs of {@code vendor} (NVIDIA, AMD, CPU...). */
  public boolean runsOn(String engine, String vendor) {
    Entry e = entries.get(engine);
    return e == null || vendor == null || e.vendors().contains(vendor.toUpperCase(Locale.ROOT));
  }

  public boolean provisional(String engine) {
    Entry e = entries.get(engine);
    return e == null || e.provisional();
  }

  /** ± share of capacity the preset's efficiencies may be off. */
  public double efficiencyRange(String engine) {
    Entry e = entries.get(engine);
    return e == null ? UNKNOWN_RANGE : e.efficiencyRange();
  }

  /** Why an engine is not run on a vendor's GPUs, with the source. */
  public String whyNot(String engine, String vendor) {
    Entry e = entries.get(engine);
    return engine + " runs on " + String.join(", ", e.vendors()) + " only, not " + vendor + " (" + e.source() + ")";
  }
}

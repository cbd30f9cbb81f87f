package io.serveplan.cost.recommend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The engine–hardware compatibility table and each preset's stated efficiency range
 * ({@code io/serveplan/hardware/engine_hardware.yaml}, beside the engine presets): which GPU vendors
 * an engine runs on, with its source; whether the preset is provisional (tuned to no published
 * figure); by what share its capacity may be off. An engine without an entry (a user's preset) runs
 * everywhere and is provisional at the widest stated range. Immutable.
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
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
      Map<String, Entry> m = new LinkedHashMap<>();
      for (JsonNode e : root.path("engines")) {
        List<String> vendors = new ArrayList<>();
        e.path("vendors").forEach(v -> vendors.add(v.asText().toUpperCase(Locale.ROOT)));
        m.put(e.path("engine").asText(), new Entry(e.path("engine").asText(), List.copyOf(vendors),
            e.path("provisional").asBoolean(true), e.path("efficiency_range").asDouble(UNKNOWN_RANGE),
            e.path("source").asText(), e.path("as_of").asText()));
      }
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

package io.serveplan.hardware;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The GPU, model and engine catalogs: the built-in entries, merged with the user's files. A user
 * entry with an existing id replaces the built-in one. Immutable and thread-safe.
 */
public final class Catalog {

  /** Environment variable naming a directory of user catalog files. */
  public static final String ENV_DIR = "SERVEPLAN_CATALOG";

  private static final String[] BUILTIN = {"gpus.yaml", "models.yaml", "engines.yaml"};
  private static volatile Catalog builtin;

  private final Map<String, GpuSpec> gpus;
  private final Map<String, ModelSpec> models;
  private final Map<String, EnginePreset> engines;

  private Catalog(
      Map<String, GpuSpec> gpus, Map<String, ModelSpec> models, Map<String, EnginePreset> engines) {
    this.gpus = Map.copyOf(gpus);
    this.models = Map.copyOf(models);
    this.engines = Map.copyOf(engines);
    this.gpuOrder = List.copyOf(gpus.keySet());
    this.modelOrder = List.copyOf(models.keySet());
    this.engineOrder = List.copyOf(engines.keySet());
  }

  private final List<String> gpuOrder;
  private final List<String> modelOrder;
  private final List<String> engineOrder;

  /** The catalogs shipped with ServePlan. */
  public static Catalog builtin() {
    Catalog c = builtin;
    if (c == null) {
      Builder b = new Builder();
      for (String name : BUILTIN) {
        try (InputStream in = Catalog.class.getResourceAsStream(name)) {
          if (in == null) {
            throw new IllegalStateException("built-in catalog resource missing: " + name);
          }
          b.add(new CatalogReader("built-in " + name).read(in));
        } catch (IOException e) {
          throw new IllegalStateException("cannot read built-in catalog " + name, e);
        }
      }
      c = b.build();
      builtin = c;
    }
    return c;
  }

  /**
   * The built-in catalogs merged with every {@code *.yaml}, {@code *.yml} and {@code *.json} file in
   * {@code userDir} (in name order).
   */
  public static Catalog load(Optional<Path> userDir) {
    if (userDir.isEmpty()) {
      return builtin();
    }
    Path dir = userDir.get();
    if (!Files.isDirectory(dir)) {
      throw new CatalogException("catalog directory " + dir + " does not exist or is not a directory");
    }
    Builder b = new Builder();
    Catalog base = builtin();
    b.gpus.putAll(base.gpus);
    b.models.putAll(base.models);
    b.engines.putAll(base.engines);
    reorder(b, base);
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files =
          s.filter(p -> p.getFileName().toString().matches(".*\\.(ya?ml|json)"))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new CatalogException("cannot list catalog directory " + dir + ": " + e.getMessage(), e);
    }
    for (Path f : files) {
      try (InputStream in = Files.newInputStream(f)) {
        b.add(new CatalogReader(f.toString()).read(in));
      } catch (IOException e) {
        throw new CatalogException(f + ": cannot read: " + e.getMessage(), e);
      }
    }
    return b.build();
  }

  private static void reorder(Builder b, Catalog base) {
    Map<String, GpuSpec> g = new LinkedHashMap<>();
    base.gpuOrder.forEach(id -> g.put(id, base.gpus.get(id)));
    b.gpus.clear();
    b.gpus.putAll(g);
    Map<String, ModelSpec> m = new LinkedHashMap<>();
    base.modelOrder.forEach(id -> m.put(id, base.models.get(id)));
    b.models.clear();
    b.models.putAll(m);
    Map<String, EnginePreset> e = new LinkedHashMap<>();
    base.engineOrder.forEach(id -> e.put(id, base.engines.get(id)));
    b.engines.clear();
    b.engines.putAll(e);
  }

  /**
   * The catalog for a command: {@code cliDir} when given, else the directory in {@value #ENV_DIR},
   * else the built-in catalogs only.
   */
  public static Catalog fromEnvironment(Optional<Path> cliDir) {
    if (cliDir.isPresent()) {
      return load(cliDir);
    }
    String env = System.getenv(ENV_DIR);
    return load(env == null || env.isBlank() ? Optional.empty() : Optional.of(Path.of(env)));
  }

  public GpuSpec gpu(String id) {
    return lookup(gpus, id, "hardware", gpuOrder);
  }

  public ModelSpec model(String id) {
    return lookup(models, id, "model", modelOrder);
  }

  public EnginePreset engine(String id) {
    return lookup(engines, id, "engine preset", engineOrder);
  }

  public Optional<GpuSpec> findGpu(String id) {
    return Optional.ofNullable(gpus.get(id));
  }

  public Optional<ModelSpec> findModel(String id) {
    return Optional.ofNullable(models.get(id));
  }

  private static <T> T lookup(Map<String, T> map, String id, String what, List<String> order) {
    T t = id == null ? null : map.get(id);
    if (t == null) {
      throw new CatalogException(
          "unknown " + what + " id '" + id + "'; known: " + String.join(", ", order));
    }
    return t;
  }

  public List<GpuSpec> gpus() {
    return gpuOrder.stream().map(gpus::get).toList();
  }

  public List<ModelSpec> models() {
    return modelOrder.stream().map(models::get).toList();
  }

  public List<EnginePreset> engines() {
    return engineOrder.stream().map(engines::get).toList();
  }

  public List<String> gpuIds() {
    return gpuOrder;
  }

  public List<String> modelIds() {
    return modelOrder;
  }

  public List<String> engineIds() {
    return engineOrder;
  }

  /**
   * This catalog merged with one more catalog document ({@code gpus:}, {@code models:},
   * {@code engines:} lists, YAML or JSON), validated like a file; entries with existing ids replace
   * them.
   *
   * @param sourceName names the document in error messages (a file name, "stored entry x")
   * @throws CatalogException naming the source, the entry and the field
   */
  public Catalog merge(String sourceName, String document) {
    CatalogReader.Contents c = new CatalogReader(sourceName)
        .read(new java.io.ByteArrayInputStream(document.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    Builder b = new Builder();
    reorder(b, this);
    b.add(c);
    return b.build();
  }

  /** This catalog plus one more GPU (or a replacement), e.g. the measured {@code cpu-local}. */
  public Catalog withGpu(GpuSpec extra) {
    Builder b = new Builder();
    reorder(b, this);
    b.gpus.put(extra.id(), extra);
    return b.build();
  }

  private static final class Builder {
    final Map<String, GpuSpec> gpus = new LinkedHashMap<>();
    final Map<String, ModelSpec> models = new LinkedHashMap<>();
    final Map<String, EnginePreset> engines = new LinkedHashMap<>();

    void add(CatalogReader.Contents c) {
      c.gpus().forEach(g -> gpus.put(g.id(), g));
      c.models().forEach(m -> models.put(m.id(), m));
      c.engines().forEach(e -> engines.put(e.id(), e));
    }

    Catalog build() {
      return new Catalog(gpus, models, engines);
    }
  }
}

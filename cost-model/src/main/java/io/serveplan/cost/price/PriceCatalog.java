package io.serveplan.cost.price;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * GPU-hour prices, hosted API token prices and the cost model's assumptions: the built-in files
 * merged with the user's. A user entry with an existing id replaces the built-in one, and a user's
 * GPU prices for a (GPU, tier) replace every built-in offer for that GPU and tier: the price you
 * pay wins over any cheaper list price. A reserved price above the same GPU and provider's
 * on-demand price is refused as a data error. Every entry
 * carries {@code source} and {@code as_of}; entries undated or older than {@link
 * #STALE_AFTER_DAYS} days are flagged {@code stale}. Immutable and thread-safe.
 */
public final class PriceCatalog {

  /** Environment variable naming a directory of user price files. */
  public static final String ENV_DIR = "SERVEPLAN_PRICES";
  /** Environment variable of the hardware catalogs; its {@code prices/} subdirectory is read too. */
  public static final String CATALOG_ENV_DIR = "SERVEPLAN_CATALOG";
  public static final int STALE_AFTER_DAYS = 180;

  private static final String[] BUILTIN = {"gpu_prices.yaml", "api_prices.yaml"};

  private final Map<String, GpuPrice> gpuPrices;
  private final Map<String, ApiPrice> apiPrices;
  private final Map<String, PriceAssumption> assumptions;
  private final LocalDate today;
  private final java.util.Set<String> userGpuIds;

  private PriceCatalog(Builder b) {
    this.gpuPrices = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.gpus));
    this.apiPrices = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.apis));
    this.assumptions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.assumptions));
    this.today = b.today;
    this.userGpuIds = java.util.Set.copyOf(b.userGpuIds);
    checkReservedBelowOnDemand(b.origin);
  }

  /** A reserved price above the same GPU and provider's on-demand one is a data error (a capacity block misfiled). */
  private void checkReservedBelowOnDemand(Map<String, String> origin) {
    for (GpuPrice r : gpuPrices.values()) {
      if (r.tier() == null || !r.tier().reserved() || r.referenceOnly()) {
        continue;
      }
      for (GpuPrice d : gpuPrices.values()) {
        if (d.tier() == PricingTier.ON_DEMAND && !d.referenceOnly() && d.gpu().equals(r.gpu())
            && d.provider().equalsIgnoreCase(r.provider()) && r.usdPerGpuHour() > d.usdPerGpuHour()) {
          throw new PriceException(String.format(java.util.Locale.ROOT,
              "%s: gpu_prices[%s].usd_per_gpu_hour: %s price $%.3f/h is above %s's on-demand "
                  + "price $%.3f/h for %s ('%s'), a data error; short-term reservations bought ahead (EC2 Capacity "
                  + "Blocks) are tier capacity-block", origin.get(r.id()), r.id(), r.tierId(), r.usdPerGpuHour(),
              d.provider(), d.usdPerGpuHour(), r.gpu(), d.id()));
        }
      }
    }
  }

  /** Whether a GPU price came from the user's files. */
  public boolean userPrice(String id) {
    return userGpuIds.contains(id);
  }

  /** The built-in prices, staleness judged against today's date. */
  public static PriceCatalog builtin() {
    return load(Optional.empty(), LocalDate.now());
  }

  /** The built-in prices merged with every price file in {@code userDir}. */
  public static PriceCatalog load(Optional<Path> userDir) {
    return load(userDir, LocalDate.now());
  }

  /**
   * The built-in prices merged with every {@code *.yaml}, {@code *.yml} and {@code *.json} file in
   * {@code userDir} (in name order), staleness judged against {@code today}.
   */
  public static PriceCatalog load(Optional<Path> userDir, LocalDate today) {
    Builder b = new Builder(today);
    for (String name : BUILTIN) {
      try (InputStream in = PriceCatalog.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException("built-in price resource missing: " + name);
        }
        b.add(new PriceReader("built-in " + name, today, STALE_AFTER_DAYS).read(in), "built-in " + name, false);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read built-in prices " + name, e);
      }
    }
    if (userDir.isPresent()) {
      Path dir = userDir.get();
      if (!Files.isDirectory(dir)) {
        throw new PriceException("price directory " + dir + " does not exist or is not a directory");
      }
      List<Path> files;
      try (Stream<Path> s = Files.list(dir)) {
        files = s.filter(p -> p.getFileName().toString().matches(".*\\.(ya?ml|json)")).sorted().toList();
      } catch (IOException e) {
        throw new PriceException("cannot list price directory " + dir + ": " + e.getMessage(), e);
      }
      for (Path f : files) {
        try (InputStream in = Files.newInputStream(f)) {
          b.add(new PriceReader(f.toString(), today, STALE_AFTER_DAYS).read(in), f.toString(), true);
        } catch (IOException e) {
          throw new PriceException(f + ": cannot read: " + e.getMessage(), e);
        }
      }
    }
    return new PriceCatalog(b);
  }

  /**
   * The prices for a command: {@code cliDir} when given, else the directory in {@value #ENV_DIR},
   * else {@code $SERVEPLAN_CATALOG/prices} when it exists, else the built-in prices only. (Price
   * files live in a {@code prices/} subdirectory of the hardware catalog directory because the
   * hardware catalog reader rejects price lists.)
   */
  public static PriceCatalog fromEnvironment(Optional<Path> cliDir) {
    if (cliDir.isPresent()) {
      return load(cliDir);
    }
    String env = System.getenv(ENV_DIR);
    if (env != null && !env.isBlank()) {
      return load(Optional.of(Path.of(env)));
    }
    String catalog = System.getenv(CATALOG_ENV_DIR);
    if (catalog != null && !catalog.isBlank() && Files.isDirectory(Path.of(catalog, "prices"))) {
      return load(Optional.of(Path.of(catalog, "prices")));
    }
    return builtin();
  }

  /** The date staleness was judged against. */
  public LocalDate today() {
    return today;
  }

  public List<GpuPrice> gpuPrices() {
    return List.copyOf(gpuPrices.values());
  }

  public List<ApiPrice> apiPrices() {
    return List.copyOf(apiPrices.values());
  }

  public List<PriceAssumption> assumptions() {
    return List.copyOf(assumptions.values());
  }

  public ApiPrice api(String id) {
    ApiPrice p = apiPrices.get(id);
    if (p == null) {
      throw new PriceException("unknown API id '" + id + "'; known: " + String.join(", ", apiPrices.keySet()));
    }
    return p;
  }

  public Optional<ApiPrice> findApi(String id) {
    return Optional.ofNullable(apiPrices.get(id));
  }

  /** The value of an assumption, or {@code dflt} when no file defines it. */
  public double assumption(String id, double dflt) {
    PriceAssumption a = assumptions.get(id);
    return a == null ? dflt : a.value();
  }

  public Optional<PriceAssumption> findAssumption(String id) {
    return Optional.ofNullable(assumptions.get(id));
  }

  /**
   * Offers for a GPU in a tier that may be picked (not reference-only), cheapest first; only the
   * user's when the user priced this GPU and tier.
   */
  public List<GpuPrice> offers(String gpuId, PricingTier tier) {
    List<GpuPrice> out = new ArrayList<>();
    for (GpuPrice p : gpuPrices.values()) {
      if (!p.referenceOnly() && p.gpu().equals(gpuId) && p.tier() == tier) {
        out.add(p);
      }
    }
    if (out.stream().anyMatch(p -> userGpuIds.contains(p.id()))) {
      out.removeIf(p -> !userGpuIds.contains(p.id()));
    }
    out.sort(Comparator.comparingDouble(GpuPrice::usdPerGpuHour).thenComparing(GpuPrice::id));
    return out;
  }

  /** The cheapest pickable offer for a GPU in a tier. */
  public Optional<GpuPrice> cheapest(String gpuId, PricingTier tier) {
    List<GpuPrice> o = offers(gpuId, tier);
    return o.isEmpty() ? Optional.empty() : Optional.of(o.get(0));
  }

  /** APIs serving a catalog model, in catalog order. */
  public List<ApiPrice> apisServing(String modelId) {
    return apiPrices.values().stream().filter(a -> a.serves(modelId)).toList();
  }

  private static final class Builder {
    final Map<String, GpuPrice> gpus = new LinkedHashMap<>();
    final Map<String, ApiPrice> apis = new LinkedHashMap<>();
    final Map<String, PriceAssumption> assumptions = new LinkedHashMap<>();
    final LocalDate today;
    final java.util.Set<String> userGpuIds = new java.util.HashSet<>();
    final Map<String, String> origin = new java.util.HashMap<>();

    Builder(LocalDate today) {
      this.today = today;
    }

    void add(PriceReader.Contents c, String file, boolean user) {
      c.gpuPrices().forEach(p -> {
        gpus.put(p.id(), p);
        origin.put(p.id(), file);
        if (user) {
          userGpuIds.add(p.id());
        } else {
          userGpuIds.remove(p.id());
        }
      });
      c.apiPrices().forEach(p -> apis.put(p.id(), p));
      c.assumptions().forEach(p -> assumptions.put(p.id(), p));
    }
  }
}

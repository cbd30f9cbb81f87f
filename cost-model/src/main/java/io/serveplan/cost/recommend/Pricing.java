package io.serveplan.cost.recommend;

import io.serveplan.cost.price.GpuPrice;
import io.serveplan.cost.price.PriceCatalog;
import io.serveplan.cost.price.PricingTier;
import io.serveplan.cost.sheet.WorkloadSheet;
import java.util.List;
import java.util.Optional;

/**
 * Which GPU-hour price each operating model pays for a GPU, for one sheet.
 *
 * <ul>
 *   <li>self-hosted: the cheapest offer in the sheet's tier; reserved-3y falls back to reserved-1y,
 *       and any tier without an offer falls back to on-demand (the option says so);
 *   <li>managed: the cheaper of a managed per-time offer and the cheapest on-demand offer plus the
 *       {@code managed_platform_fee} assumption;
 *   <li>serverless: the cheapest serverless offer.
 * </ul>
 */
final class Pricing {

  static final double DEFAULT_MANAGED_FEE = 0.25;
  static final double DEFAULT_WEIGHTS_LOAD_GBPS = 2.0;

  private final WorkloadSheet sheet;
  private final PriceCatalog prices;

  /** A self-hosted price and the tier it really comes from. */
  record Pick(GpuPrice price, PricingTier tier, boolean fellBack) {}

  /** A managed price per GPU-hour and how it was formed. */
  record Managed(double usdPerGpuHour, GpuPrice price, String basis) {}

  Pricing(WorkloadSheet sheet, PriceCatalog prices) {
    this.sheet = sheet;
    this.prices = prices;
  }

  double managedFee() {
    return prices.assumption("managed_platform_fee", DEFAULT_MANAGED_FEE);
  }

  double weightsLoadGbps() {
    return prices.assumption("serverless_weights_load_gbps", DEFAULT_WEIGHTS_LOAD_GBPS);
  }

  double hoursPerMonth() {
    return prices.assumption("hours_per_month", 730);
  }

  Optional<Pick> selfHosted(String gpu) {
    PricingTier want = sheet.pricing();
    List<PricingTier> chain = switch (want) {
      case RESERVED_3Y -> List.of(PricingTier.RESERVED_3Y, PricingTier.RESERVED_1Y, PricingTier.ON_DEMAND);
      case CAPACITY_BLOCK -> List.of(PricingTier.CAPACITY_BLOCK, PricingTier.ON_DEMAND);
      case ON_DEMAND -> List.of(PricingTier.ON_DEMAND);
      default -> List.of(want, PricingTier.ON_DEMAND);
    };
    for (PricingTier t : chain) {
      Optional<GpuPrice> p = cheapest(gpu, t);
      if (p.isPresent()) {
        return Optional.of(new Pick(p.get(), t, t != want));
      }
    }
    return Optional.empty();
  }

  Optional<GpuPrice> serverless(String gpu) {
    return cheapest(gpu, PricingTier.SERVERLESS);
  }

  /** The cheapest offer in a tier among the sheet's providers ({@code pricing.providers}; empty = all). */
  Optional<GpuPrice> cheapest(String gpu, PricingTier tier) {
    return prices.offers(gpu, tier).stream().filter(this::allowed).findFirst();
  }

  boolean allowed(GpuPrice p) {
    return sheet.providers().isEmpty() || sheet.providers().stream().anyMatch(x -> x.equalsIgnoreCase(p.provider()));
  }

  Optional<Managed> managed(String gpu) {
    Optional<GpuPrice> offer = cheapest(gpu, PricingTier.MANAGED);
    Optional<GpuPrice> onDemand = cheapest(gpu, PricingTier.ON_DEMAND);
    Managed viaFee = onDemand
        .map(p -> new Managed(p.usdPerGpuHour() * (1 + managedFee()), p, String.format(java.util.Locale.ROOT,
            "reserved capacity at %s's on-demand price plus a %.0f%% platform fee (assumption managed_platform_fee)",
            p.provider(), managedFee() * 100)))
        .orElse(null);
    Managed viaOffer = offer
        .map(p -> new Managed(p.usdPerGpuHour(), p, p.provider() + " per-time price of dedicated hardware"))
        .orElse(null);
    if (viaFee == null) {
      return Optional.ofNullable(viaOffer);
    }
    if (viaOffer == null) {
      return Optional.of(viaFee);
    }
    return Optional.of(viaOffer.usdPerGpuHour() <= viaFee.usdPerGpuHour() ? viaOffer : viaFee);
  }

  boolean anyPrice(String gpu) {
    if (sheet.selfHostedOnly()) {
      return selfHosted(gpu).isPresent();
    }
    return selfHosted(gpu).isPresent() || serverless(gpu).isPresent() || managed(gpu).isPresent();
  }

  /** The price that ranks configurations before simulation. */
  double referenceUsdPerGpuHour(String gpu) {
    return selfHosted(gpu).map(p -> p.price().usdPerGpuHour())
        .or(() -> managed(gpu).map(Managed::usdPerGpuHour))
        .or(() -> serverless(gpu).map(GpuPrice::usdPerGpuHour))
        .orElse(Double.MAX_VALUE);
  }
}

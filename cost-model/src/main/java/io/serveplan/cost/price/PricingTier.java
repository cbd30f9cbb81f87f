package io.serveplan.cost.price;

import java.util.Arrays;
import java.util.List;

/**
 * How a GPU-hour is bought. The first four are the tiers a workload sheet may ask for
 * ({@code pricing}); {@link #SERVERLESS} (per second of active time, scale to zero) and
 * {@link #MANAGED} (dedicated hardware on a hosted platform, platform fee included) are the
 * operating models that buy GPU time differently.
 */
public enum PricingTier {
  ON_DEMAND("on-demand"),
  SPOT("spot"),
  RESERVED_1Y("reserved-1y"),
  RESERVED_3Y("reserved-3y"),
  CAPACITY_BLOCK("capacity-block"),
  SERVERLESS("serverless"),
  MANAGED("managed");

  private final String id;

  PricingTier(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** Reserved tiers and capacity blocks are paid for every hour held whether used or not. */
  public boolean committed() {
    return this == RESERVED_1Y || this == RESERVED_3Y || this == CAPACITY_BLOCK;
  }

  /** Term reservations: never priced above the same GPU and provider's on-demand rate. */
  public boolean reserved() {
    return this == RESERVED_1Y || this == RESERVED_3Y;
  }

  /** The tiers a workload sheet's {@code pricing} field accepts. */
  public static List<PricingTier> sheetTiers() {
    return List.of(ON_DEMAND, SPOT, RESERVED_1Y, RESERVED_3Y, CAPACITY_BLOCK);
  }

  public static List<String> ids() {
    return Arrays.stream(values()).map(PricingTier::id).toList();
  }

  /** Parses a tier id; {@code null} when unknown (the caller names the field). */
  static PricingTier byId(String value) {
    for (PricingTier t : values()) {
      if (t.id.equals(value)) {
        return t;
      }
    }
    return null;
  }
}

package io.serveplan.cost.sheet;

import io.serveplan.cost.price.PricingTier;
import io.serveplan.hardware.document.Fields;
import io.serveplan.hardware.document.Range;
import java.util.List;

/**
 * A sheet's {@code pricing} ({@code on-demand}, or {@code {tier: reserved-1y, providers: [AWS]}})
 * and {@code peak_billing} ({@code {min_billing_hours: 1, scale_up_lead_minutes: 10}}).
 */
record SheetPricing(PricingTier tier, List<String> providers, double minBillingHours, double scaleUpLeadMinutes) {

  static SheetPricing of(Fields root) {
    List<String> tiers = PricingTier.sheetTiers().stream().map(PricingTier::id).toList();
    String tierId;
    List<String> providers = List.of();
    if (root.isObject("pricing")) {
      Fields p = root.object("pricing");
      tierId = p.choice("tier", "on-demand", tiers);
      providers = p.strings("providers", "[AWS, Lambda]");
      p.rejectUnknown();
    } else {
      tierId = root.choice("pricing", "on-demand", tiers);
    }
    PricingTier tier = PricingTier.sheetTiers().stream().filter(t -> t.id().equals(tierId)).findFirst()
        .orElse(PricingTier.ON_DEMAND);
    Fields b = root.object("peak_billing");
    double minBilling = b.number("min_billing_hours", WorkloadSheet.DEFAULT_MIN_BILLING_HOURS, Range.closed(0, 24));
    double lead = b.number("scale_up_lead_minutes", WorkloadSheet.DEFAULT_SCALE_UP_LEAD_MINUTES, Range.closed(0, 1440));
    b.rejectUnknown();
    return new SheetPricing(tier, providers, minBilling, lead);
  }
}

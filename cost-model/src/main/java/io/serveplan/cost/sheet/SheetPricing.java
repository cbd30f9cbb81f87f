package io.serveplan.cost.sheet;

import com.fasterxml.jackson.databind.JsonNode;
import io.serveplan.cost.price.PricingTier;
import io.serveplan.simulator.spec.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * A sheet's {@code pricing} ({@code on-demand}, or {@code {tier: reserved-1y, providers: [AWS]}})
 * and {@code peak_billing} ({@code {min_billing_hours: 1, scale_up_lead_minutes: 10}}).
 */
record SheetPricing(PricingTier tier, List<String> providers, double minBillingHours, double scaleUpLeadMinutes) {

  private static final List<String> PRICING_FIELDS = List.of("tier", "providers");
  private static final List<String> BILLING_FIELDS = List.of("min_billing_hours", "scale_up_lead_minutes");

  static SheetPricing of(JsonNode root, List<FieldError> errors) {
    List<String> tiers = PricingTier.sheetTiers().stream().map(PricingTier::id).toList();
    String tierId = "on-demand";
    List<String> providers = new ArrayList<>();
    JsonNode p = root.get("pricing");
    if (p != null && p.isObject()) {
      SheetReader.unknown(p, "pricing.", PRICING_FIELDS, errors);
      JsonNode t = p.get("tier");
      if (t != null && !t.isNull()) {
        if (!t.isTextual() || !tiers.contains(t.asText())) {
          errors.add(new FieldError("pricing.tier", "'" + t.asText() + "' is not allowed", tiers));
        } else {
          tierId = t.asText();
        }
      }
      JsonNode list = p.get("providers");
      if (list != null && !list.isNull()) {
        if (!list.isArray()) {
          errors.add(new FieldError("pricing.providers", "must be a list of provider names, e.g. [AWS, Lambda]"));
        } else {
          for (int i = 0; i < list.size(); i++) {
            if (!list.get(i).isTextual() || list.get(i).asText().isBlank()) {
              errors.add(new FieldError("pricing.providers[" + i + "]", "must be a provider name"));
            } else {
              providers.add(list.get(i).asText());
            }
          }
        }
      }
    } else if (p != null && !p.isNull()) {
      if (!p.isTextual() || !tiers.contains(p.asText())) {
        errors.add(new FieldError("pricing", "'" + p.asText() + "' is not allowed", tiers));
      } else {
        tierId = p.asText();
      }
    }
    String id = tierId;
    PricingTier tier = PricingTier.sheetTiers().stream().filter(t -> t.id().equals(id)).findFirst()
        .orElse(PricingTier.ON_DEMAND);
    double minBilling = WorkloadSheetDefaults.MIN_BILLING_HOURS;
    double lead = WorkloadSheetDefaults.SCALE_UP_LEAD_MINUTES;
    JsonNode b = root.get("peak_billing");
    if (b != null && !b.isNull()) {
      if (!b.isObject()) {
        errors.add(new FieldError("peak_billing", "must be a mapping {min_billing_hours, scale_up_lead_minutes}"));
      } else {
        SheetReader.unknown(b, "peak_billing.", BILLING_FIELDS, errors);
        minBilling = SheetReader.number(b, "min_billing_hours", minBilling, 0, 24, errors, "peak_billing.");
        lead = SheetReader.number(b, "scale_up_lead_minutes", lead, 0, 1440, errors, "peak_billing.");
      }
    }
    return new SheetPricing(tier, providers, minBilling, lead);
  }

  /** The defaults, in one place. */
  static final class WorkloadSheetDefaults {
    static final double MIN_BILLING_HOURS = WorkloadSheet.DEFAULT_MIN_BILLING_HOURS;
    static final double SCALE_UP_LEAD_MINUTES = WorkloadSheet.DEFAULT_SCALE_UP_LEAD_MINUTES;

    private WorkloadSheetDefaults() {}
  }
}

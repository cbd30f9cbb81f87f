package io.serveplan.cost.fleet;

/**
 * How a fleet is sized and billed. {@code targetUtilization} is the fraction of a replica's
 * SLO capacity it is loaded to at most (headroom); {@code minReplicas} is 2 where the
 * availability target needs redundancy; {@code scaleDown} lets the fleet shrink to the
 * average-rate size outside peak hours (never for committed, reserved capacity);
 * {@code opsUsdPerMonth} is added to self-hosted fleets only. A scaled-down fleet's peak replicas
 * are bought, not conjured: each is billed for at least {@code minBillingHours} a day and is started
 * {@code scaleUpLeadHours} before the peak (booting, pulling and loading the weights). Immutable.
 */
public record FleetOptions(
    double targetUtilization, int minReplicas, boolean scaleDown, double hoursPerMonth, double opsUsdPerMonth,
    double minBillingHours, double scaleUpLeadHours) {

  /** Peak replicas appear instantly and are billed only for the peak (hand-computed tests). */
  public FleetOptions(
      double targetUtilization, int minReplicas, boolean scaleDown, double hoursPerMonth, double opsUsdPerMonth) {
    this(targetUtilization, minReplicas, scaleDown, hoursPerMonth, opsUsdPerMonth, 0, 0);
  }

  public static final double DEFAULT_TARGET_UTILIZATION = 0.7;
  public static final double HOURS_PER_MONTH = 730.0;

  public FleetOptions {
    if (!(targetUtilization > 0 && targetUtilization <= 1)) {
      throw new IllegalArgumentException("targetUtilization must be in (0, 1], got " + targetUtilization);
    }
    if (minReplicas < 1) {
      throw new IllegalArgumentException("minReplicas must be >= 1, got " + minReplicas);
    }
    if (!(hoursPerMonth > 0)) {
      throw new IllegalArgumentException("hoursPerMonth must be > 0, got " + hoursPerMonth);
    }
    if (opsUsdPerMonth < 0) {
      throw new IllegalArgumentException("opsUsdPerMonth must be >= 0, got " + opsUsdPerMonth);
    }
    if (minBillingHours < 0 || minBillingHours > 24 || scaleUpLeadHours < 0 || scaleUpLeadHours > 24) {
      throw new IllegalArgumentException("minBillingHours and scaleUpLeadHours must be in [0, 24], got "
          + minBillingHours + ", " + scaleUpLeadHours);
    }
  }

  /** Hours a day each peak-only replica is billed for a peak of {@code peakHours}. */
  public double peakReplicaHours(double peakHours) {
    if (peakHours <= 0) {
      return 0;
    }
    return Math.min(24, Math.max(minBillingHours, peakHours + scaleUpLeadHours));
  }

  public FleetOptions withPeakBilling(double minBilling, double leadHours) {
    return new FleetOptions(targetUtilization, minReplicas, scaleDown, hoursPerMonth, opsUsdPerMonth, minBilling,
        leadHours);
  }

  public static FleetOptions defaults() {
    return new FleetOptions(DEFAULT_TARGET_UTILIZATION, 1, true, HOURS_PER_MONTH, 0);
  }

  /** At least two replicas from availability 0.999 up. */
  public static int minReplicasFor(double availability) {
    return availability >= 0.999 ? 2 : 1;
  }

  public FleetOptions withScaleDown(boolean s) {
    return new FleetOptions(targetUtilization, minReplicas, s, hoursPerMonth, opsUsdPerMonth, minBillingHours,
        scaleUpLeadHours);
  }

  public FleetOptions withOps(double usd) {
    return new FleetOptions(targetUtilization, minReplicas, scaleDown, hoursPerMonth, usd, minBillingHours,
        scaleUpLeadHours);
  }
}

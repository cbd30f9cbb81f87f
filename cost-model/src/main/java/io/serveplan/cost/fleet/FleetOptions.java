package io.serveplan.cost.fleet;

/**
 * How a fleet is sized and billed. {@code targetUtilization} is the fraction of a replica's
 * SLO capacity it is loaded to at most (headroom); {@code minReplicas} is 2 where the
 * availability target needs redundancy; {@code scaleDown} lets the fleet shrink to the
 * average-rate size outside peak hours (never for committed, reserved capacity);
 * {@code opsUsdPerMonth} is added to self-hosted fleets only. Immutable.
 */
public record FleetOptions(
    double targetUtilization, int minReplicas, boolean scaleDown, double hoursPerMonth, double opsUsdPerMonth) {

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
  }

  public static FleetOptions defaults() {
    return new FleetOptions(DEFAULT_TARGET_UTILIZATION, 1, true, HOURS_PER_MONTH, 0);
  }

  /** At least two replicas from availability 0.999 up. */
  public static int minReplicasFor(double availability) {
    return availability >= 0.999 ? 2 : 1;
  }

  public FleetOptions withScaleDown(boolean s) {
    return new FleetOptions(targetUtilization, minReplicas, s, hoursPerMonth, opsUsdPerMonth);
  }

  public FleetOptions withOps(double usd) {
    return new FleetOptions(targetUtilization, minReplicas, scaleDown, hoursPerMonth, usd);
  }
}

package io.serveplan.cost.price;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A number the cost model assumes (a managed platform fee, weights load speed of a serverless
 * cold start, hours per month), with where it comes from; users change it in their own price
 * files. Immutable.
 */
public record PriceAssumption(
    String id, double value, String unit, String source, @JsonProperty("as_of") String asOf, boolean stale) {}

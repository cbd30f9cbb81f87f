package io.serveplan.cost.price;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * A hosted API's token prices in USD per million tokens. {@code model} is the catalog model id the
 * API serves, or {@code null} for a proprietary (frontier) model; {@code apiClass} is
 * {@code first-party} (the model maker's own API) or {@code open-host}. Optional prices are
 * {@code null} where the source has none. Immutable.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiPrice(
    String id,
    String provider,
    String name,
    @JsonProperty("provider_model") String providerModel,
    @JsonProperty("class") String apiClass,
    String model,
    @JsonProperty("input_usd_per_mtok") double inputUsdPerMTok,
    @JsonProperty("output_usd_per_mtok") double outputUsdPerMTok,
    @JsonProperty("cached_input_usd_per_mtok") Double cachedInputUsdPerMTok,
    @JsonProperty("batch_input_usd_per_mtok") Double batchInputUsdPerMTok,
    @JsonProperty("batch_output_usd_per_mtok") Double batchOutputUsdPerMTok,
    @JsonProperty("max_input_tokens") Long maxInputTokens,
    String source,
    @JsonProperty("as_of") String asOf,
    boolean stale,
    String notes) {

  public ApiPrice {
    Objects.requireNonNull(id, "id");
  }

  /** True when this API serves the given catalog model. */
  public boolean serves(String modelId) {
    return model != null && model.equals(modelId);
  }
}

package io.serveplan.simulator.spec;

/**
 * Shared system prompts: {@code groups} distinct prefixes of {@code tokens} real token ids; each
 * request starts with one of them (chosen uniformly), so prefix caching can reuse their KV blocks.
 * {@code tokens == 0} means no shared prefix.
 */
public record SharedPrefixSpec(int tokens, int groups) {

  public static SharedPrefixSpec none() {
    return new SharedPrefixSpec(0, 1);
  }
}

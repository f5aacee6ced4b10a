package dev.perfkit.sample.downstream;

/**
 * The answer of the downstream service.
 *
 * @param key the key that was asked for
 * @param value the value of the key
 * @since 0.1.0
 */
public record DownstreamResponse(String key, String value) {

}

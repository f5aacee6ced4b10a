package dev.perfkit.sample.downstream;

/**
 * The failure rate of the downstream service.
 *
 * @param failureRate the share of calls that fail, from 0.0 to 1.0
 * @since 0.1.0
 */
public record FailureRate(double failureRate) {

}

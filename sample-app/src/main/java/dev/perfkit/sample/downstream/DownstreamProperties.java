package dev.perfkit.sample.downstream;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of the flaky downstream service.
 *
 * @param failureRate the share of calls that fail, from 0.0 (none) to 1.0 (all)
 * @param latency how long each call takes
 * @param seed the seed of the random numbers that decide which calls fail, so that runs repeat
 * @since 0.1.0
 */
@ConfigurationProperties("sample.downstream")
@Validated
public record DownstreamProperties(@DefaultValue("0.3") @DecimalMin("0.0") @DecimalMax("1.0") double failureRate,
		@DefaultValue("50ms") Duration latency, @DefaultValue("42") long seed) {

}

package dev.perfkit.sample.alert;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the sample posts Perfkit's alerts.
 *
 * @param webhookUrl the URL that receives every firing and resolved alert as JSON, or {@code null} for none
 * @param timeout how long a post may take before it is abandoned
 * @since 0.1.0
 */
@ConfigurationProperties("sample.alerts")
public record AlertWebhookProperties(@Nullable URI webhookUrl, @DefaultValue("2s") Duration timeout) {

}

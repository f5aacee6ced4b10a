package dev.perfkit.sample.alert;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.perfkit.monitor.Alert;
import dev.perfkit.monitor.PerformanceAlertEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Posts every firing and resolved Perfkit alert to {@code sample.alerts.webhook-url} as JSON, the shape a chat or
 * incident tool's incoming webhook accepts ({@code text} plus the alert's fields). Present only when the URL is set.
 *
 * @since 0.1.0
 */
@Component
@ConditionalOnProperty("sample.alerts.webhook-url")
public class AlertWebhookNotifier {

	private static final Log logger = LogFactory.getLog(AlertWebhookNotifier.class);

	private final RestClient client;

	private final URI webhookUrl;

	private final JsonMapper jsonMapper;

	/**
	 * Creates a notifier.
	 * @param properties where to post and how long to wait
	 * @param jsonMapper writes the JSON body
	 */
	public AlertWebhookNotifier(AlertWebhookProperties properties, JsonMapper jsonMapper) {
		URI url = properties.webhookUrl();
		if (url == null) {
			throw new IllegalStateException("sample.alerts.webhook-url must be set");
		}
		SimpleClientHttpRequestFactory requestFactory = new SimpleClientHttpRequestFactory();
		requestFactory.setConnectTimeout(properties.timeout());
		requestFactory.setReadTimeout(properties.timeout());
		this.client = RestClient.builder().requestFactory(requestFactory).build();
		this.webhookUrl = url;
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Posts the alert; a failed post is logged, never thrown at the alert evaluator.
	 * @param event the alert that fired or resolved
	 */
	@EventListener
	public void onAlert(PerformanceAlertEvent event) {
		Alert alert = event.getAlert();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("text", (event.isFiring() ? "[" + alert.getLevel() + "] " : "[RESOLVED] ") + alert.getMessage());
		body.put("rule", alert.getRule());
		body.put("level", alert.getLevel().name());
		body.put("status", alert.getStatus().name());
		body.put("value", alert.getValue());
		body.put("threshold", alert.getThreshold());
		body.put("firedAt", alert.getFiredAt().toString());
		try {
			// a string body is sent with a Content-Length, which simple webhook receivers need
			this.client.post()
				.uri(this.webhookUrl)
				.contentType(MediaType.APPLICATION_JSON)
				.body(this.jsonMapper.writeValueAsString(body))
				.retrieve()
				.toBodilessEntity();
		}
		catch (RestClientException ex) {
			logger.warn("Could not post alert '" + alert.getRule() + "' to " + this.webhookUrl + ": " + ex.getMessage());
		}
	}

}

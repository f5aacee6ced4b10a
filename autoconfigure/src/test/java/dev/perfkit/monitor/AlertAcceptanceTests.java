package dev.perfkit.monitor;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The acceptance: a rule on a test meter fires once, respects its cooldown and resolves; a listener receives
 * both events; {@code /actuator/alerts} shows them. Runs a real application on a real port.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=alerts,prometheus",
				"perfkit.alerts.evaluation-interval=100ms", "perfkit.alerts.default-rules.enabled=false",
				"perfkit.alerts.rules[0].name=orders-backlog", "perfkit.alerts.rules[0].metric=test.orders.backlog",
				"perfkit.alerts.rules[0].tags.queue=orders", "perfkit.alerts.rules[0].threshold=100",
				"perfkit.alerts.rules[0].level=critical", "perfkit.alerts.rules[0].cooldown=1h",
				"perfkit.alerts.rules[0].message=Backlog of {value} orders is over {threshold}" })
class AlertAcceptanceTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Autowired
	private AtomicReference<Double> backlog;

	@Autowired
	private AlertListener listener;

	@Test
	void ruleFiresOnceRespectsItsCooldownResolvesAndIsShownByTheEndpoint() throws Exception {
		this.backlog.set(250.0);
		await().atMost(WAIT).until(() -> this.listener.events.size() == 1);
		PerformanceAlertEvent fired = this.listener.events.get(0);
		assertThat(fired.isFiring()).isTrue();
		assertThat(fired.getAlert().getLevel()).isEqualTo(AlertLevel.CRITICAL);
		assertThat(fired.getAlert().getMessage()).isEqualTo("Backlog of 250 orders is over 100");
		JsonNode whileFiring = alerts();
		assertThat(whileFiring.get("active")).hasSize(1);
		assertThat(whileFiring.get("active").get(0).get("rule").asString()).isEqualTo("orders-backlog");
		assertThat(whileFiring.get("active").get(0).get("status").asString()).isEqualTo("FIRING");
		assertThat(prometheus()).contains("perfkit_alerts_fired_total{level=\"critical\"} 1.0");

		this.backlog.set(20.0);
		await().atMost(WAIT).until(() -> this.listener.events.size() == 2);
		PerformanceAlertEvent resolved = this.listener.events.get(1);
		assertThat(resolved.isResolved()).isTrue();
		assertThat(resolved.getAlert().getId()).isEqualTo(fired.getAlert().getId());

		this.backlog.set(300.0);
		await().atMost(WAIT).until(() -> ruleState().equals("SUPPRESSED"));
		long evaluations = this.listener.monitor.getEvaluationCount();
		await().atMost(WAIT).until(() -> this.listener.monitor.getEvaluationCount() > evaluations + 3);
		assertThat(this.listener.events).as("no second firing within the cooldown").hasSize(2);
		JsonNode afterwards = alerts();
		assertThat(afterwards.get("active")).isEmpty();
		assertThat(afterwards.get("recent")).hasSize(1);
		JsonNode recent = afterwards.get("recent").get(0);
		assertThat(recent.get("status").asString()).isEqualTo("RESOLVED");
		assertThat(recent.get("firedAt").asString()).isNotBlank();
		assertThat(recent.get("resolvedAt").asString()).isNotBlank();
		assertThat(recent.get("value").asDouble()).isEqualTo(20.0);
	}

	private String ruleState() throws Exception {
		return alerts().get("rules").get(0).get("state").asString();
	}

	private JsonNode alerts() throws Exception {
		return this.json.readTree(get("/actuator/alerts"));
	}

	private String prometheus() throws Exception {
		return get("/actuator/prometheus");
	}

	private String get(String path) throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

		@Bean
		AtomicReference<Double> backlog(MeterRegistry registry) {
			AtomicReference<Double> backlog = new AtomicReference<>(0.0);
			Gauge.builder("test.orders.backlog", backlog, AtomicReference::get)
				.tag("queue", "orders")
				.register(registry);
			return backlog;
		}

		@Bean
		AlertListener alertListener(AlertMonitor monitor) {
			return new AlertListener(monitor);
		}

	}

	static class AlertListener {

		final List<PerformanceAlertEvent> events = new CopyOnWriteArrayList<>();

		final AlertMonitor monitor;

		AlertListener(AlertMonitor monitor) {
			this.monitor = monitor;
		}

		@EventListener
		void onAlert(PerformanceAlertEvent event) {
			this.events.add(event);
		}

	}

}

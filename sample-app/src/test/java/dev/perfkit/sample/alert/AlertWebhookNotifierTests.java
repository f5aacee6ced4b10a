package dev.perfkit.sample.alert;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's webhook notifier posts a real alert, raised by a rule on a real meter, to a real HTTP server.
 */
@SpringBootTest(properties = { "perfkit.alerts.evaluation-interval=200ms", "perfkit.alerts.default-rules.enabled=false",
		"perfkit.alerts.rules[0].name=uptime-check", "perfkit.alerts.rules[0].metric=process.uptime",
		"perfkit.alerts.rules[0].threshold=0", "perfkit.alerts.rules[0].level=info",
		"perfkit.alerts.rules[0].message=The process is up" })
class AlertWebhookNotifierTests {

	private static final List<String> received = new CopyOnWriteArrayList<>();

	private static final HttpServer webhook = startWebhook();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("sample.alerts.webhook-url",
				() -> "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hooks/alerts");
		registry.add("sample.database-file", () -> Path
			.of("target", "test-databases", UUID.randomUUID().toString(), "catalog.db")
			.toAbsolutePath()
			.toString());
	}

	@AfterAll
	static void stopWebhook() {
		webhook.stop(0);
	}

	@Test
	void postsAFiringAlertToTheWebhook() {
		await().atMost(Duration.ofSeconds(30)).until(() -> !received.isEmpty());
		JsonNode body = JsonMapper.shared().readTree(received.get(0));
		assertThat(body.path("text").asString()).isEqualTo("[INFO] The process is up");
		assertThat(body.path("rule").asString()).isEqualTo("uptime-check");
		assertThat(body.path("status").asString()).isEqualTo("FIRING");
		assertThat(body.path("value").asDouble()).isPositive();
	}

	private static HttpServer startWebhook() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/hooks/alerts", (exchange) -> {
				assertThat(exchange.getRequestHeaders().getFirst("Content-Length")).isNotNull();
				received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
				exchange.sendResponseHeaders(204, -1);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

package dev.perfkit.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.perfkit.test.RedisServerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample on a {@code redis-server} of its own, with Boot's Redis client left at its defaults (60 s): while Redis
 * hangs and Boot's Redis health check is connecting, cached calls that miss L1 are still answered within 2 s.
 */
class RedisHangLivenessTests {

	private static final Duration LIVENESS = Duration.ofSeconds(2);

	private static final Duration WARM_UP = Duration.ofSeconds(60);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(LIVENESS).build();

	private RedisServerProcess redis;

	private ConfigurableApplicationContext context;

	private int port;

	@BeforeEach
	void start(@TempDir Path directory) {
		this.redis = RedisServerProcess.start();
		this.context = new SpringApplicationBuilder(SampleApplication.class).profiles("redis")
			.run("--server.port=0", "--spring.data.redis.url=" + this.redis.url(),
					// Boot's defaults, spelled out: the health check's connect waits up to a minute
					"--spring.data.redis.timeout=60s", "--spring.data.redis.connect-timeout=10s",
					"--sample.database-file=" + directory.resolve("catalog.db"),
					"--perfkit.cache.sqlite.enabled=false", "--perfkit.dashboard.enabled=false");
		this.port = Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port"));
	}

	@AfterEach
	void stop() {
		if (this.redis != null && this.redis.isPaused()) {
			this.redis.resume();
		}
		if (this.context != null) {
			this.context.close();
		}
		if (this.redis != null) {
			this.redis.close();
		}
	}

	@Test
	void cachedCallsMissingMemoryAnswerWhileHealthConnectsToAHangingRedis() throws Exception {
		for (int id = 1; id <= 20; id++) {
			// warm-up on a fresh JVM: not bounded by the liveness bound
			assertThat(send(request("/api/products/" + id, WARM_UP)).statusCode()).isEqualTo(200);
		}
		this.redis.pause();
		// Boot's reactive health check opens its connection now, against a server that accepts and never answers
		CompletableFuture<HttpResponse<String>> health = this.http.sendAsync(request("/actuator/health", LIVENESS),
				HttpResponse.BodyHandlers.ofString());
		await().atMost(Duration.ofSeconds(10)).until(RedisHangLivenessTests::someThreadIsConnectingToRedis);
		for (int id = 100; id < 120; id++) {
			// a product not read before: misses L1 and goes to Redis (then the database)
			assertThat(get("/api/products/" + id).statusCode()).isEqualTo(200);
		}
		health.cancel(true);
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		// the request's timeout is the liveness bound: a call answered later fails the test
		return send(request(path, LIVENESS));
	}

	private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest request(String path, Duration timeout) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).timeout(timeout).build();
	}

	private static boolean someThreadIsConnectingToRedis() {
		return Thread.getAllStackTraces()
			.values()
			.stream()
			.anyMatch((stack) -> Arrays.stream(stack)
				.anyMatch((frame) -> frame.getClassName().endsWith("LettuceConnectionFactory$SharedConnection")));
	}

}

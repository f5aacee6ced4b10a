package dev.perfkit.test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LoadGeneratorTests {

	private final CountDownLatch hang = new CountDownLatch(1);

	private HttpServer server;

	private URI base;

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
		this.server.setExecutor(Executors.newCachedThreadPool());
		this.server.createContext("/ok", (exchange) -> {
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.server.createContext("/fail", (exchange) -> {
			exchange.sendResponseHeaders(503, -1);
			exchange.close();
		});
		this.server.createContext("/hang", (exchange) -> {
			try {
				this.hang.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			exchange.close();
		});
		this.server.start();
		this.base = URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	@AfterEach
	void stop() {
		this.hang.countDown();
		this.server.stop(0);
	}

	@Test
	void recordsEveryRequestsStatusAndCountsErrorsAndUnansweredOnes() {
		FaultReport report = new FaultReport("test");
		try (LoadGenerator load = LoadGenerator.start(this.base,
				(n) -> (n % 3 == 0) ? "/ok" : (n % 3 == 1) ? "/fail" : "/hang", 20, Duration.ofSeconds(3))) {
			report.phase("all");
			// a cold JVM on a busy machine may time out its first requests: wait for each kind of answer
			await().atMost(Duration.ofSeconds(60))
				.until(() -> load.samples().stream().map(LoadGenerator.Sample::status).distinct().count() == 3);
			List<LoadGenerator.Sample> samples = load.stop();
			report.samples(samples);
			assertThat(samples).extracting(LoadGenerator.Sample::status)
				.contains(200, 503, LoadGenerator.NO_ANSWER)
				.doesNotContainNull();
		}
		assertThat(report.noAnswers()).isPositive();
		FaultReport.Phase phase = report.phases().get(0);
		assertThat(phase.errors()).isGreaterThan(report.noAnswers());
		assertThat(phase.requests()).isGreaterThan((int) phase.errors());
		assertThat(report.toMarkdown()).contains("| all | " + phase.requests() + " | " + phase.errors() + " |");
	}

}

package dev.perfkit.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample under concurrent load with {@code spring.threads.virtual.enabled=true}: Tomcat serves requests on
 * virtual threads, the clients are virtual threads too. The cached route answers every request with the same value,
 * the per-client limit lets exactly its budget through, and no virtual thread parks while pinned to its carrier in
 * Perfkit's code (JFR {@code jdk.VirtualThreadPinned}, threshold 0, recorded during the load).
 * <p>
 * Tagged {@code virtual-threads}: virtual threads need JDK 21+, so these run in the JDK 25 leg of {@code .ci/run}
 * ({@code -Dgroups=virtual-threads -DexcludedGroups=none}) and are excluded from the JDK 17 build, where the property has no effect.
 */
@Tag("virtual-threads")
@TestPropertySource(properties = "spring.threads.virtual.enabled=true")
@Import(VirtualThreadsLoadTests.ThreadProbe.class)
class VirtualThreadsLoadTests extends SampleApplicationTestSupport {

	private static final int REQUESTS = 400;

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void cachedRouteAndPerClientLimitHoldUnderLoadOnVirtualThreadsWithoutPinningInPerfkit() throws Exception {
		assertThat(get("/test/virtual").body()).isEqualTo("true");
		// one miss first: a class initialised on first use blocks the other threads on its initialisation lock,
		// a pin reported at the caller's frame (a one-time start-up cost, not a pin of the hot path)
		assertThat(get("/api/products/4999").status()).isEqualTo(200);
		List<RecordedEvent> pinned;
		try (Recording recording = new Recording()) {
			recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
			recording.start();
			cachedRouteAnswersTheSameValueToEveryConcurrentRequest();
			perClientLimitLetsExactlyItsBudgetThrough();
			recording.stop();
			Path file = Files.createTempFile("virtual-threads", ".jfr");
			recording.dump(file);
			pinned = RecordingFile.readAllEvents(file);
			Files.delete(file);
		}
		List<String> inPerfkit = new ArrayList<>();
		for (RecordedEvent event : pinned) {
			// where the virtual thread blocked while pinned: the top frame (Perfkit lower in the stack is only a caller)
			if (event.getStackTrace() != null && event.getStackTrace()
				.getFrames()
				.stream()
				.limit(1)
				.map(RecordedFrame::getMethod)
				.map((method) -> method.getType().getName())
				.anyMatch((type) -> type.startsWith("dev.perfkit.") && !type.startsWith("dev.perfkit.sample."))) {
				inPerfkit.add(event.toString());
			}
		}
		System.out.printf("jdk.VirtualThreadPinned during the load: %d events, %d with a Perfkit frame%n",
				pinned.size(), inPerfkit.size());
		pinned.forEach((event) -> System.out.println(event));
		assertThat(inPerfkit).isEmpty();
	}

	private void cachedRouteAnswersTheSameValueToEveryConcurrentRequest() throws Exception {
		Set<String> bodies = ConcurrentHashMap.newKeySet();
		AtomicInteger ok = new AtomicInteger();
		ExecutorService clients = virtualThreadPerTaskExecutor();
		try {
			List<Future<?>> calls = new ArrayList<>();
			for (int i = 0; i < REQUESTS; i++) {
				int id = 1 + (i % 10);
				calls.add(clients.submit(() -> {
					Response response = get("/api/products/" + id);
					if (response.status() == 200) {
						ok.incrementAndGet();
						bodies.add(response.body());
					}
				}));
			}
			for (Future<?> call : calls) {
				call.get();
			}
		}
		finally {
			clients.shutdown();
		}
		assertThat(ok).hasValue(REQUESTS);
		assertThat(bodies).hasSize(10);
	}

	private void perClientLimitLetsExactlyItsBudgetThrough() throws Exception {
		// the sample's plan for clients "demo-*": 5 calls in 10 s
		String client = "demo-virtual-" + System.nanoTime();
		AtomicInteger allowed = new AtomicInteger();
		AtomicInteger refused = new AtomicInteger();
		Instant start = Instant.now();
		ExecutorService clients = virtualThreadPerTaskExecutor();
		try {
			List<Future<?>> calls = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				calls.add(clients.submit(() -> {
					int status = withClient("/api/products/1", client);
					(status == 200 ? allowed : refused).incrementAndGet();
					assertThat(status).isIn(200, 429);
					return status;
				}));
			}
			for (Future<?> call : calls) {
				call.get();
			}
		}
		finally {
			clients.shutdown();
		}
		assertThat(allowed.get() + refused.get()).isEqualTo(40);
		if (Duration.between(start, Instant.now()).compareTo(Duration.ofSeconds(10)) < 0) {
			assertThat(allowed).hasValue(5);
		}
		else {
			// the burst outlasted the window on a loaded machine: later calls may legitimately pass
			assertThat(allowed.get()).isGreaterThanOrEqualTo(5);
		}
	}

	private int withClient(String path, String clientId) throws Exception {
		return this.http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
				.header("X-Client-Id", clientId)
				.build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	// JDK 21 API called reflectively: the module compiles for Java 17
	private static ExecutorService virtualThreadPerTaskExecutor() throws ReflectiveOperationException {
		return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
	}

	static boolean isVirtual(Thread thread) {
		try {
			return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
		}
		catch (ReflectiveOperationException ex) {
			return false;
		}
	}

	/** Whether requests are served on virtual threads, asked of the application under test. */
	@TestConfiguration(proxyBeanMethods = false)
	static class ThreadProbe {

		@Bean
		ThreadProbeController threadProbeController() {
			return new ThreadProbeController();
		}

	}

	@RestController
	static class ThreadProbeController {

		@GetMapping("/test/virtual")
		String virtual() {
			return Boolean.toString(isVirtual(Thread.currentThread()));
		}

	}

}

package dev.perfkit.sample;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.perfkit.profiler.request.RequestProfiles;
import dev.perfkit.sample.downstream.DownstreamProperties;
import dev.perfkit.sample.downstream.FlakyDownstream;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cache.CacheManager;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Request profiles on the sample over HTTP: where the time of known requests went, as
 * {@code /actuator/profiler/requests} and {@code /actuator/profiler/requests/{id}} show it. Every request is kept for
 * the test (slow threshold 0, set at run time on the shared application); real outputs are written under
 * {@code target/request-profiles/} for the README.
 */
class RequestProfileTests extends SampleApplicationTestSupport {

	private static final Path OUTPUT = Path.of("target", "request-profiles");

	@Autowired
	private RequestProfiles profiles;

	@Autowired
	private FlakyDownstream downstream;

	@Autowired
	private DownstreamProperties downstreamProperties;

	@Autowired
	private CircuitBreakerRegistry circuitBreakers;

	@Autowired
	private CacheManager cacheManager;

	private Duration threshold;

	@LocalServerPort
	private int port;

	@BeforeEach
	void keepEveryRequest() {
		this.threshold = this.profiles.getSlowThreshold();
		this.profiles.reset();
		this.profiles.setSlowThreshold(Duration.ZERO);
	}

	@AfterEach
	void restore() {
		this.profiles.setEnabled(true);
		this.profiles.setSlowThreshold(this.threshold);
		this.downstream.setFailureRate(this.downstreamProperties.failureRate());
		this.circuitBreakers.circuitBreaker("downstream").reset();
	}

	@Test
	void nPlusOneRouteShowsItsStatementsTheirShareAndTheIncident() throws IOException {
		assertThat(get("/api/orders/recent?limit=20").status()).isEqualTo(200);
		assertThat(get("/api/orders/recent-joined?limit=20").status()).isEqualTo(200);
		JsonNode requests = get("/actuator/profiler/requests").json();
		save("requests.json", requests);
		assertThat(requests.path("failures").asLong()).isZero();
		JsonNode route = route(requests, "GET /api/orders/recent");
		assertThat(route.path("count").asLong()).isEqualTo(1);
		assertThat(route.path("statements").asLong()).isEqualTo(21);
		assertThat(route.path("nPlusOneIncidents").asLong()).isEqualTo(1);
		double sqlShare = route.path("parts").path("sql").path("share").asDouble();
		assertThat(sqlShare).isGreaterThan(0).isLessThanOrEqualTo(1);
		double shares = 0;
		for (String part : List.of("sql", "loads", "guarded", "other")) {
			shares += route.path("parts").path(part).path("share").asDouble();
		}
		assertThat(shares).isBetween(0.99, 1.01);
		JsonNode top = route.path("topStatements");
		assertThat(top).hasSize(2);
		assertThat(top.get(0).path("calls").asLong() + top.get(1).path("calls").asLong()).isEqualTo(21);
		JsonNode joined = route(requests, "GET /api/orders/recent-joined");
		assertThat(joined.path("statements").asLong()).isEqualTo(1);
		assertThat(joined.path("nPlusOneIncidents").asLong()).isZero();

		JsonNode kept = kept("GET /api/orders/recent");
		save("request-n-plus-one.json", kept);
		JsonNode breakdown = kept.path("breakdown");
		assertThat(breakdown.path("sql").path("statements").asInt()).isEqualTo(21);
		assertThat(breakdown.path("sql").path("distinctFingerprints").asInt()).isEqualTo(2);
		assertThat(breakdown.path("nPlusOneIncidents").asInt()).isEqualTo(1);
		assertThat(breakdown.path("sqlMs").asDouble()).isPositive();
		assertPartsAddUp(breakdown);
		JsonNode statements = kept.path("statements");
		assertThat(statements).hasSize(21);
		assertThat(statements.get(0).path("sql").asString()).contains("FROM purchase_order");
		List<Integer> sequences = new ArrayList<>();
		for (int i = 0; i < statements.size(); i++) {
			sequences.add(statements.get(i).path("sequence").asInt());
			if (i > 0) {
				assertThat(statements.get(i).path("sql").asString()).contains("FROM order_item");
			}
		}
		assertThat(sequences).isSorted();
		// SQLite steps through the rows in ResultSet.next(): that reading is SQL time too
		double executions = 0;
		double reading = 0;
		for (JsonNode statement : statements) {
			executions += statement.path("durationMs").asDouble();
			reading += statement.path("readMs").asDouble();
		}
		assertThat(reading).isPositive();
		assertThat(breakdown.path("sql").path("readMs").asDouble()).isCloseTo(reading, within(0.03));
		assertThat(breakdown.path("sqlMs").asDouble()).isCloseTo(executions + reading, within(0.06));
	}

	@Test
	void cachedLookupIsAMemoryHitWithoutSqlAfterItsLoad() throws IOException {
		long id = ThreadLocalRandom.current().nextLong(3_000, 5_000);
		this.cacheManager.getCache("products").evict(id);
		assertThat(get("/api/products/" + id).status()).isEqualTo(200);
		JsonNode load = kept("GET /api/products/{id}");
		assertThat(get("/api/products/" + id).status()).isEqualTo(200);
		JsonNode hit = keptAfter("GET /api/products/{id}", load.path("id").asLong());
		save("request-cache-miss.json", load);
		save("request-cache-hit.json", hit);

		JsonNode loadBreakdown = load.path("breakdown");
		assertThat(loadBreakdown.path("cache").path("layers").path("memory").path("hits").asInt()).isZero();
		assertThat(loadBreakdown.path("cache").path("loads").asInt()).isEqualTo(1);
		assertThat(loadBreakdown.path("sql").path("statements").asInt()).isEqualTo(1);
		// the statement ran inside the load: SQL, not load time
		assertThat(loadBreakdown.path("cache").path("loadMs").asDouble())
			.isGreaterThanOrEqualTo(loadBreakdown.path("sqlMs").asDouble());
		assertPartsAddUp(loadBreakdown);

		JsonNode hitBreakdown = hit.path("breakdown");
		assertThat(hitBreakdown.path("cache").path("layers").path("memory").path("gets").asInt()).isEqualTo(1);
		assertThat(hitBreakdown.path("cache").path("layers").path("memory").path("hits").asInt()).isEqualTo(1);
		assertThat(hitBreakdown.path("cache").path("loads").asInt()).isZero();
		assertThat(hitBreakdown.path("sql").path("statements").asInt()).isZero();
		assertThat(hit.path("statements")).isEmpty();
		assertThat(hit.path("cacheEvents")).hasSize(1);
		assertThat(hit.path("cacheEvents").get(0).path("event").asString()).isEqualTo("hit");
	}

	@Test
	void slowCompletionIsALoadAsLongAsTheModelTook() throws IOException {
		Response response = get("/api/completions?prompt=" + UUID.randomUUID());
		assertThat(response.status()).isEqualTo(200);
		long latencyMs = response.json().path("latencyMs").asLong();
		JsonNode kept = kept("GET /api/completions");
		save("request-completion.json", kept);
		JsonNode breakdown = kept.path("breakdown");
		assertThat(breakdown.path("cache").path("loads").asInt()).isEqualTo(1);
		// the service sleeps latencyMs: its load lasts at least that long
		assertThat(breakdown.path("cache").path("loadMs").asDouble()).isGreaterThanOrEqualTo(latencyMs);
		assertThat(breakdown.path("loadsMs").asDouble()).isGreaterThanOrEqualTo(latencyMs);
		assertThat(breakdown.path("sql").path("statements").asInt()).isZero();
		assertPartsAddUp(breakdown);
	}

	@Test
	void guardedDownstreamCallIsTimedAsGuarded() throws IOException {
		this.downstream.setFailureRate(0.0);
		assertThat(get("/api/downstream?key=profiled").status()).isEqualTo(200);
		JsonNode kept = kept("GET /api/downstream");
		save("request-guarded.json", kept);
		JsonNode breakdown = kept.path("breakdown");
		assertThat(breakdown.path("guarded").path("calls").asInt()).isEqualTo(1);
		assertThat(breakdown.path("guarded").path("rejections").asInt()).isZero();
		long latencyMs = this.downstreamProperties.latency().toMillis();
		// the downstream sleeps its configured latency inside the guarded call
		assertThat(breakdown.path("guardedMs").asDouble()).isGreaterThanOrEqualTo(latencyMs);
		JsonNode call = kept.path("guardedCalls").get(0);
		assertThat(call.path("guard").asString()).isEqualTo("downstream");
		assertThat(call.path("attempts").asInt()).isEqualTo(1);
		assertThat(call.path("outcome").asString()).isEqualTo("success");
		assertPartsAddUp(breakdown);
	}

	@Test
	void routesAreMeteredWithABoundedRouteTag() {
		assertThat(get("/api/orders/recent?limit=5").status()).isEqualTo(200);
		String prometheus = get("/actuator/prometheus").body();
		assertThat(prometheus).contains("perfkit_request_sql_statements_total{route=\"GET /api/orders/recent\"} 6");
		assertThat(prometheus).contains("perfkit_request_sql_seconds_count{route=\"GET /api/orders/recent\"} 1");
		assertThat(prometheus).doesNotContain("route=\"/api/orders/recent?limit=5\"");
		assertThat(prometheus).contains("perfkit_request_profile_failures_total 0");
	}

	@Test
	void badOrUnknownRequestIdsGetProblemBodies() {
		Response bad = get("/actuator/profiler/requests/abc");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.isProblem()).isTrue();
		assertThat(bad.json().path("detail").asString()).contains("request id must be a number");
		Response unknown = get("/actuator/profiler/requests/987654321");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.isProblem()).isTrue();
		assertThat(get("/actuator/profiler/requests?limit=x").status()).isEqualTo(400);
	}

	@Test
	void profilesAddLittleAllocationToTheRequestPath() throws IOException {
		// allocation, not time: counts are exact where timings on a shared machine are not
		this.profiles.setSlowThreshold(this.threshold);
		StringBuilder report = new StringBuilder();
		List<String> paths = List.of("/api/orders/recent?limit=20", "/api/products/1", "/api/orders/recent-joined");
		for (int p = 0; p < paths.size(); p++) {
			String path = paths.get(p);
			// each batch as its own client (the sample trusts X-Client-Id), under the sample's 600 calls a minute
			serverBytesPerRequest(path, 100, "cost-warm-" + p);
			long[] off = new long[2];
			long[] on = new long[2];
			for (int round = 0; round < 2; round++) {
				this.profiles.setEnabled(false);
				off[round] = serverBytesPerRequest(path, 150, "cost-off-" + p + "-" + round);
				this.profiles.setEnabled(true);
				on[round] = serverBytesPerRequest(path, 150, "cost-on-" + p + "-" + round);
			}
			long offBytes = Math.min(off[0], off[1]);
			long onBytes = Math.min(on[0], on[1]);
			report.append(String.format("%s: %d B/request without profiles, %d B/request with (%.3fx)%n", path,
					offBytes, onBytes, onBytes / (double) offBytes));
		}
		Files.createDirectories(OUTPUT);
		Files.writeString(OUTPUT.resolve("allocation.txt"), report.toString(), StandardCharsets.UTF_8);
		System.out.print("[RequestProfileTests] " + report);
		for (String line : report.toString().split("\n")) {
			long off = Long.parseLong(line.replaceAll(".*: (\\d+) B/request without.*", "$1"));
			long on = Long.parseLong(line.replaceAll(".*, (\\d+) B/request with .*", "$1"));
			// the record (a few hundred bytes) and its route's updates; the run-to-run noise of these counts is
			// about a kilobyte either way (log lines, hot-key sampling, the rate limiter's new client)
			assertThat(on - off).as(report.toString()).isLessThan(4096);
		}
	}

	/** Bytes the server's request threads allocated per request over {@code count} requests of one client. */
	private long serverBytesPerRequest(String path, int count, String client) {
		RestClient rest = RestClient.create();
		java.util.Map<Long, Long> before = serverThreadBytes();
		for (int i = 0; i < count; i++) {
			int status = rest.get()
				.uri(URI.create("http://localhost:" + this.port + path))
				.header("X-Client-Id", client)
				.exchange((request, response) -> response.getStatusCode().value());
			assertThat(status).isEqualTo(200);
		}
		java.util.Map<Long, Long> after = serverThreadBytes();
		long total = 0;
		for (java.util.Map.Entry<Long, Long> entry : after.entrySet()) {
			total += entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
		}
		return total / count;
	}

	private static java.util.Map<Long, Long> serverThreadBytes() {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
			.getThreadMXBean();
		java.util.Map<Long, Long> bytes = new java.util.HashMap<>();
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (thread.getName().startsWith("http-nio")) {
				bytes.put(thread.getId(), threads.getThreadAllocatedBytes(thread.getId()));
			}
		}
		return bytes;
	}

	private JsonNode kept(String route) {
		return keptAfter(route, 0);
	}

	/** The newest kept request of a route with an id above {@code after}, read from its own route. */
	private JsonNode keptAfter(String route, long after) {
		JsonNode list = get("/actuator/profiler/requests").json().path("kept");
		long newest = -1;
		for (JsonNode summary : list) {
			if (summary.path("route").asString().equals(route) && summary.path("id").asLong() > after) {
				newest = Math.max(newest, summary.path("id").asLong());
			}
		}
		assertThat(newest).as("kept request of %s in %s", route, list).isPositive();
		Response response = get("/actuator/profiler/requests/" + newest);
		assertThat(response.status()).isEqualTo(200);
		return response.json();
	}

	private static JsonNode route(JsonNode requests, String name) {
		for (JsonNode route : requests.path("routes")) {
			if (route.path("route").asString().equals(name)) {
				return route;
			}
		}
		throw new AssertionError("no route " + name + " in " + requests);
	}

	private static void assertPartsAddUp(JsonNode breakdown) {
		double parts = breakdown.path("sqlMs").asDouble() + breakdown.path("loadsMs").asDouble()
				+ breakdown.path("guardedMs").asDouble() + breakdown.path("otherMs").asDouble();
		assertThat(parts).isBetween(breakdown.path("wallMs").asDouble() - 0.005,
				breakdown.path("wallMs").asDouble() + 0.005);
	}

	private static void save(String name, JsonNode json) throws IOException {
		Files.createDirectories(OUTPUT);
		Files.writeString(OUTPUT.resolve(name), json.toPrettyString(), StandardCharsets.UTF_8);
	}

}

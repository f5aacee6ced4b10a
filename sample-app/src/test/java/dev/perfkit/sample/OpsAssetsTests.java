package dev.perfkit.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the shipped operations assets ({@code ops/grafana/perfkit-dashboard.json} and
 * {@code ops/prometheus/perfkit-alerts.yml}) against what the sample application really exports after a workload,
 * and runs {@code promtool} over the rules when it is installed.
 */
class OpsAssetsTests extends SampleApplicationTestSupport {

	private static final Path OPS = Path.of("..", "ops").toAbsolutePath().normalize();

	private static final Path DASHBOARD = OPS.resolve("grafana/perfkit-dashboard.json");

	private static final Path RULES = OPS.resolve("prometheus/perfkit-alerts.yml");

	private static final Pattern METRIC = Pattern.compile(
			"\\b((?:perfkit|cache|jvm|process|system|http|hikaricp|resilience4j|disk|tomcat|executor)_[a-z0-9_]+)\\b");

	@Test
	void everyMetricTheAssetsReferenceIsExportedAfterAWorkload() throws IOException {
		Set<String> exported = exportedAfterWorkload();
		Set<String> missing = new TreeSet<>(referencedMetrics());
		missing.removeAll(exported);
		assertThat(missing).as("metrics named in %s or %s but not exported by the sample app", DASHBOARD, RULES)
			.isEmpty();
		assertThat(exported).contains("perfkit_alerts_fired_total", "perfkit_alerts_active", "jvm_memory_used_bytes",
				"process_cpu_usage", "http_server_requests_seconds_count", "hikaricp_connections_active");
	}

	@Test
	void sqlTimersExportTheSampleSmallBucketSetNotAFullHistogram() {
		exportedAfterWorkload();
		List<String> lines = get("/actuator/prometheus").body()
			.lines()
			.filter((line) -> !line.isBlank() && !line.startsWith("#"))
			.toList();
		long perfkit = lines.stream().filter((line) -> line.startsWith("perfkit_")).count();
		long timers = lines.stream().filter((line) -> line.startsWith("perfkit_db_query_seconds_count")).count();
		long buckets = lines.stream().filter((line) -> line.startsWith("perfkit_db_query_seconds_bucket")).count();
		System.out.printf("[OpsAssetsTests] scrape after the workload: %d lines, %d perfkit_* (%.0f%%), %d "
				+ "perfkit_db_query timers with %d bucket lines%n", lines.size(), perfkit, 100.0 * perfkit / lines.size(),
				timers, buckets);
		assertThat(timers).isPositive();
		// six service-level boundaries and +Inf per timer (application.yml), never Micrometer's ~70-bucket histogram
		assertThat(buckets).isEqualTo(7 * timers);
	}

	@Test
	void dashboardPanelsAreWellFormed() throws IOException {
		JsonNode dashboard = JsonMapper.shared().readTree(Files.readString(DASHBOARD));
		assertThat(dashboard.path("uid").asString()).isEqualTo("perfkit-overview");
		Set<Integer> ids = new TreeSet<>();
		List<String> titles = new ArrayList<>();
		for (JsonNode panel : dashboard.path("panels")) {
			assertThat(ids.add(panel.path("id").asInt())).as("unique panel id").isTrue();
			titles.add(panel.path("title").asString());
			if (!panel.path("type").asString().equals("row")) {
				assertThat(panel.path("targets")).as(panel.path("title").asString()).isNotEmpty();
				panel.path("targets").forEach((target) -> assertThat(target.path("expr").asString()).isNotBlank());
			}
		}
		assertThat(titles).contains("Cache hit ratio per layer", "Query latency percentiles", "Slow-query rate",
				"Top tables by statements", "Throttle", "Rate limit", "Circuit breaker states",
				"Active Perfkit alerts");
	}

	@Test
	void rulesPassPromtoolWhenItIsInstalled() throws Exception {
		Path promtool = onPath("promtool");
		if (promtool == null) {
			System.out.println("[OpsAssetsTests] promtool is not on the PATH: 'promtool check rules' and "
					+ "'promtool test rules' were NOT run (install Debian's prometheus package to run them)");
			assertThat(Files.readString(RULES)).contains("groups:");
			return;
		}
		String check = run(promtool.toString(), "check", "rules", "perfkit-alerts.yml");
		assertThat(check).contains("SUCCESS");
		String test = run(promtool.toString(), "test", "rules", "perfkit-alerts-tests.yml");
		assertThat(test).contains("SUCCESS");
		System.out.println("[OpsAssetsTests] " + promtool + ": " + check.strip().replace('\n', ' ') + "; "
				+ test.strip().replace('\n', ' '));
	}

	private Set<String> exportedAfterWorkload() {
		for (int i = 0; i < 3; i++) {
			get("/api/products/" + (i + 1));
			get("/api/products/search?q=bamboo&limit=5");
			get("/api/orders/recent?limit=5");
			get("/api/orders/recent-joined?limit=5");
			get("/api/downstream?key=sku-" + i);
			get("/api/products/999999");
		}
		Response response = get("/actuator/prometheus");
		assertThat(response.status()).isEqualTo(200);
		Set<String> names = new TreeSet<>();
		response.body().lines().filter((line) -> !line.isBlank() && !line.startsWith("#")).forEach((line) -> {
			int end = 0;
			while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
				end++;
			}
			names.add(line.substring(0, end));
		});
		return names;
	}

	private static Set<String> referencedMetrics() throws IOException {
		Set<String> names = new TreeSet<>();
		for (Path file : List.of(DASHBOARD, RULES)) {
			Matcher matcher = METRIC.matcher(Files.readString(file));
			while (matcher.find()) {
				names.add(matcher.group(1));
			}
		}
		return names;
	}

	private static @Nullable Path onPath(String command) {
		String path = System.getenv("PATH");
		if (path == null) {
			return null;
		}
		return Stream.of(path.split(java.io.File.pathSeparator))
			.map((directory) -> Path.of(directory, command))
			.filter(Files::isExecutable)
			.findFirst()
			.orElse(null);
	}

	private static String run(String... command) throws Exception {
		Process process = new ProcessBuilder(command).directory(OPS.resolve("prometheus").toFile())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		return output;
	}

}

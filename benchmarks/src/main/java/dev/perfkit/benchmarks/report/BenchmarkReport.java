package dev.perfkit.benchmarks.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns JMH's JSON results ({@code -rf json}) into the markdown tables of {@code BENCHMARKS.md}: every Perfkit result
 * next to its peer from the same run, as a ratio of times (below 1.00 is faster) with an error bar propagated from both
 * JMH error bars (99.9% confidence half-widths, relative errors added in quadrature), and every target of the
 * specification with its measured ratio and a verdict. Rows whose benchmarks are missing from the run are left out,
 * so a short or partial run prints a smaller report of the same shape. Run with
 * {@code java -cp benchmarks/target/benchmarks.jar dev.perfkit.benchmarks.report.BenchmarkReport results.json [extras.properties]}.
 */
public final class BenchmarkReport {

	private static final String PKG = "dev.perfkit.benchmarks.";

	private static final String HIT = "cache.CacheHitBenchmark.";

	/** The 99.9% half-width, in percent of the ratio, at or below which a verdict is decided. */
	private static final int DECIDING_SHARE = 15;

	private static final String CACHEABLE = "cache.CacheableBenchmark.";

	private final List<Result> results;

	private final Properties extras;

	private final StringBuilder out = new StringBuilder();

	/** A heading and table header, written only once a row follows. */
	private final StringBuilder pending = new StringBuilder();

	BenchmarkReport(List<Result> results, Properties extras) {
		this.results = results;
		this.extras = extras;
	}

	/**
	 * Prints the report.
	 * @param args the JMH JSON results file, then optionally the extras properties file written by the benchmarks
	 * @throws IOException if a file cannot be read
	 */
	public static void main(String[] args) throws IOException {
		if (args.length < 1) {
			System.err.println("usage: BenchmarkReport results.json [extras.properties]");
			System.exit(2);
		}
		Properties extras = new Properties();
		if (args.length > 1 && Files.isRegularFile(Path.of(args[1]))) {
			try (Reader reader = Files.newBufferedReader(Path.of(args[1]))) {
				extras.load(reader);
			}
		}
		System.out.print(new BenchmarkReport(read(Path.of(args[0])), extras).render());
	}

	static List<Result> read(Path json) throws IOException {
		return parse(Files.readString(json));
	}

	static List<Result> parse(String json) {
		JsonNode root = JsonMapper.builder().build().readTree(json);
		List<Result> results = new ArrayList<>();
		for (JsonNode node : root) {
			String benchmark = node.get("benchmark").asString();
			if (benchmark.startsWith(PKG)) {
				benchmark = benchmark.substring(PKG.length());
			}
			Map<String, String> params = new LinkedHashMap<>();
			JsonNode paramsNode = node.get("params");
			if (paramsNode != null) {
				for (Map.Entry<String, JsonNode> param : paramsNode.properties()) {
					params.put(param.getKey(), param.getValue().asString());
				}
			}
			JsonNode metric = node.get("primaryMetric");
			double allocation = Double.NaN;
			JsonNode secondary = node.get("secondaryMetrics");
			if (secondary != null) {
				for (Map.Entry<String, JsonNode> entry : secondary.properties()) {
					if (entry.getKey().endsWith("gc.alloc.rate.norm")) {
						allocation = number(entry.getValue().get("score"));
					}
				}
			}
			results.add(new Result(benchmark, params, number(metric.get("score")), number(metric.get("scoreError")),
					metric.get("scoreUnit").asString(), allocation, node.path("threads").asInt(1),
					node.path("forks").asInt(0), node.path("warmupIterations").asInt(0),
					node.path("warmupTime").asString(""), node.path("measurementIterations").asInt(0),
					node.path("measurementTime").asString(""), node.path("jdkVersion").asString(""),
					node.path("vmName").asString(""), node.path("jmhVersion").asString("")));
		}
		return results;
	}

	private static double number(JsonNode node) {
		if (node == null) {
			return Double.NaN;
		}
		if (node.isNumber()) {
			return node.doubleValue();
		}
		try {
			return Double.parseDouble(node.asString());
		}
		catch (NumberFormatException ex) {
			return Double.NaN;
		}
	}

	String render() {
		settings();
		targets();
		l1Hits();
		cacheable();
		cache();
		valueSizeScaling();
		coherence();
		serializer();
		profiler();
		fingerprintScaling();
		resilience();
		clientScaling();
		monitor();
		return this.out.toString();
	}

	// sections

	private void settings() {
		if (this.results.isEmpty()) {
			line("No results.");
			return;
		}
		Result first = this.results.get(0);
		Set<String> shapes = new LinkedHashSet<>();
		for (Result result : this.results) {
			shapes.add(String.format(Locale.ROOT, "%d fork(s), %d × %s warm-up, %d × %s measurement",
					result.forks(), result.warmupIterations(), result.warmupTime(), result.measurementIterations(),
					result.measurementTime()));
		}
		line("JMH " + first.jmhVersion() + ", " + first.vmName() + " " + first.jdkVersion() + "; "
				+ String.join("; ", shapes) + ". " + this.results.size()
				+ " results. Ratios are Perfkit's time over the peer's time in the same run (below 1.00 is faster); "
				+ "± is JMH's 99.9% confidence half-width, propagated to the ratio.");
		line("");
	}

	private void targets() {
		heading("Against the targets");
		header("A verdict is decided when the 99.9% half-width is at most " + DECIDING_SHARE + "% of the ratio.");
		header("");
		header("| target | measured (same run) | verdict | half-width / ratio |");
		header("| --- | --- | --- | --- |");
		for (String key : keyTypes(HIT + "perfkitAutoConfiguredGet")) {
			Result perfkit = find(HIT + "perfkitAutoConfiguredGet", "key", key);
			target("L1 hit `Cache.get`, auto-configured manager, `" + key
					+ "` key ≤ 1.0× Spring `CaffeineCacheManager` (2 threads)",
					ratio(perfkit, find(HIT + "springCaffeineCacheManagerGet", "key", key)), 1.0, "×");
			allocationTarget("L1 hit, `" + key + "` key: 0 B allocated per hit", perfkit, 0);
			target("(aim) L1 hit, `" + key + "` key ≤ 1.5× raw Caffeine `getIfPresent`",
					ratio(perfkit, find(HIT + "rawCaffeineGetIfPresent", "key", key)), 1.5, "×");
		}
		for (String key : keyTypes(CACHEABLE + "perfkitCacheable")) {
			target("`@Cacheable` hit end to end, `" + key + "` key ≤ 1.05× the same method on Spring's "
					+ "`CaffeineCacheManager`",
					ratio(find(CACHEABLE + "perfkitCacheable", "key", key),
							find(CACHEABLE + "springCacheable", "key", key)),
					1.05, "×");
		}
		String l2Bytes = first("cache.RedisHitBenchmark.perfkitL2Hit", "valueBytes", "100", "1000");
		target("L2 hit ≤ 1.1× Spring `RedisCache`, same serializer (" + l2Bytes + " B value)",
				ratio(find("cache.RedisHitBenchmark.perfkitL2Hit", "valueBytes", l2Bytes),
						find("cache.RedisHitBenchmark.springRedisCacheHit", "valueBytes", l2Bytes)),
				1.1, "×");
		Estimate addedRatio = addedRatio("h2", "pointSelect");
		target("JDBC point select, H2: Perfkit (defaults) adds less than datasource-proxy's bare proxy (aim ≤ 0.5 of it)",
				addedRatio, 1.0, " of datasource-proxy's added time");
		target("JDBC point select, PostgreSQL: Perfkit (defaults) ≤ 1.03× raw Hikari",
				ratio(jdbc("postgres", "perfkit", "pointSelect"), jdbc("postgres", "raw", "pointSelect")), 1.03, "×");
		Result guard = find("resilience.GuardBenchmark.perfkitGuard");
		Result chain = find("resilience.GuardBenchmark.rawResilience4jChain");
		target("Guard (throttle + breaker + per-client limit) ≤ 1.5× raw Resilience4j chain", ratio(guard, chain), 1.5,
				"×");
		Estimate added = difference(guard, chain);
		target("Guard adds ≤ 1 µs per call", (added != null) ? added.scale(guard.nanosPerUnit()) : null, 1000,
				" ns added");
		target("Local per-client limiter, 10,000 clients ≤ 1.0× Bucket4j in Caffeine",
				ratio(find("resilience.ClientRateLimiterBenchmark.perfkitLocalSlidingWindow", "clients", "10000"),
						find("resilience.ClientRateLimiterBenchmark.bucket4jPerClientInCaffeine", "clients", "10000")),
				1.0, "×");
		String trips = this.extras.getProperty("roundTripsPerCheck.perfkitRedisCheck");
		if (trips != null) {
			double value = Double.parseDouble(trips);
			String bucket4j = this.extras.getProperty("roundTripsPerCheck.bucket4jLettuceCheck");
			row("| Redis per-client limiter: exactly 1 round trip per check | " + fixed(value, 4) + " round trips per check"
					+ ((bucket4j != null) ? " (Bucket4j Lettuce: " + fixed(Double.parseDouble(bucket4j), 4) + ")" : "")
					+ " | " + (Math.abs(value - 1.0) < 0.001 ? "met" : "**not met**") + " | (counted) |");
		}
		end();
	}

	private void cache() {
		heading("Cache: L1, L2, L3 reads and writes against Spring's caches and plain sqlite-jdbc");
		comparisonHeader("path (threads)");
		compare("L1 put (2), L1 only", "hand-built `LayeredCache.put` (lower bound)",
				"Spring `CaffeineCacheManager` cache `put`", find(HIT + "perfkitHandBuiltPut", "key", "Long"),
				find(HIT + "springCaffeineCacheManagerPut", "key", "Long"));
		String bytes = first("cache.RedisHitBenchmark.perfkitL2Hit", "valueBytes", "100", "1000");
		compare("L2 get, hit, L1 off (2), " + grouped(bytes) + " B", "`LayeredCache.get`", "Spring `RedisCache.get`",
				find("cache.RedisHitBenchmark.perfkitL2Hit", "valueBytes", bytes),
				find("cache.RedisHitBenchmark.springRedisCacheHit", "valueBytes", bytes));
		compare("L2 put, L1 off (2), " + grouped(bytes) + " B", "`LayeredCache.put`", "Spring `RedisCache.put`",
				find("cache.RedisHitBenchmark.perfkitL2Put", "valueBytes", bytes),
				find("cache.RedisHitBenchmark.springRedisCachePut", "valueBytes", bytes));
		compare("L3 get (1)", "`SqliteCacheLayer.get`", "plain sqlite-jdbc",
				find("cache.SqliteLayerBenchmark.perfkitL3Get"), find("cache.SqliteLayerBenchmark.plainJdbcGet"));
		compare("L3 put (1)", "`SqliteCacheLayer.put`", "plain sqlite-jdbc",
				find("cache.SqliteLayerBenchmark.perfkitL3Put"), find("cache.SqliteLayerBenchmark.plainJdbcPut"));
		end();
	}

	private void l1Hits() {
		List<String> keys = keyTypes(HIT + "springCaffeineCacheManagerGet");
		if (keys.isEmpty()) {
			keys = keyTypes(HIT + "perfkitAutoConfiguredGet");
		}
		if (keys.isEmpty()) {
			return;
		}
		heading("L1 hit by key type: `Cache.get` on the auto-configured `CacheManager` (2 threads, "
				+ grouped(first(HIT + "perfkitAutoConfiguredGet", "entries", "10000")) + " entries)");
		header("Perfkit: the manager auto-configuration gives an application with every default on (hot keys, analytics, "
				+ "warming, memory guard, metrics on Boot's `MeterRegistry`, L3 on SQLite). Spring: the same application "
				+ "with `perfkit.enabled=false` and `spring.cache.type=caffeine`. Hand-built: a `LayeredCache` with L1 "
				+ "only and nothing around it, a lower bound that users do not run. B/op: bytes allocated per hit "
				+ "(`-prof gc`).");
		header("");
		header("| key | Perfkit, auto-configured | Spring `CaffeineCacheManager` | raw Caffeine `getIfPresent` "
				+ "| hand-built `LayeredCache` (lower bound) | ratio to Spring | ratio to raw Caffeine "
				+ "| B/op Perfkit | B/op Spring |");
		header("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
		for (String key : keys) {
			Result perfkit = find(HIT + "perfkitAutoConfiguredGet", "key", key);
			Result spring = find(HIT + "springCaffeineCacheManagerGet", "key", key);
			Result raw = find(HIT + "rawCaffeineGetIfPresent", "key", key);
			Result handBuilt = find(HIT + "perfkitHandBuiltGet", "key", key);
			row("| `" + key + "` | " + score(perfkit) + " | " + score(spring) + " | " + score(raw) + " | "
					+ score(handBuilt) + " | " + ratioCell(ratio(perfkit, spring)) + " | "
					+ ratioCell(ratio(perfkit, raw)) + " | " + bytes(perfkit) + " | " + bytes(spring) + " |");
		}
		end();
	}

	private void cacheable() {
		List<String> keys = keyTypes(CACHEABLE + "perfkitCacheable");
		if (keys.isEmpty()) {
			return;
		}
		heading("`@Cacheable` hit end to end: proxy, interceptors, key generation, cache (2 threads)");
		header("| key (method) | Perfkit, auto-configured (with its `CacheTagsInterceptor`) | Spring `CaffeineCacheManager` "
				+ "| ratio | B/op Perfkit | B/op Spring |");
		header("| --- | --- | --- | --- | --- | --- |");
		for (String key : keys) {
			Result perfkit = find(CACHEABLE + "perfkitCacheable", "key", key);
			Result spring = find(CACHEABLE + "springCacheable", "key", key);
			String method = key.equals("SimpleKey") ? "`offer(long, String)`" : "`product(long)`";
			row("| `" + key + "` (" + method + ") | " + score(perfkit) + " | " + score(spring) + " | "
					+ ratioCell(ratio(perfkit, spring)) + " | " + bytes(perfkit) + " | " + bytes(spring) + " |");
		}
		end();
	}

	private List<String> keyTypes(String benchmark) {
		List<String> present = values(benchmark, "key");
		List<String> ordered = new ArrayList<>();
		for (String key : List.of("Long", "String", "UUID", "SimpleKey")) {
			if (present.contains(key)) {
				ordered.add(key);
			}
		}
		for (String key : present) {
			if (!ordered.contains(key)) {
				ordered.add(key);
			}
		}
		return ordered;
	}

	private static String bytes(Result result) {
		if (result == null || Double.isNaN(result.allocation())) {
			return "–";
		}
		return String.format(Locale.ROOT, "%,.0f", result.allocation());
	}

	private void allocationTarget(String target, Result result, double limit) {
		if (result == null || Double.isNaN(result.allocation())) {
			return;
		}
		// JMH's norm includes a fraction of a byte per op of its own and of background threads; under 1 B/op is 0
		boolean met = result.allocation() < limit + 1;
		row("| " + target + " | " + bytes(result) + " B per hit (" + String.format(Locale.ROOT, "%.2f",
				result.allocation()) + ") | " + (met ? "met" : "**not met**") + " | (counted) |");
	}

	private void valueSizeScaling() {
		String get = "cache.RedisHitBenchmark.perfkitL2Hit";
		if (values(get, "valueBytes").isEmpty()) {
			return;
		}
		heading("Scaling: value size (L2 on Redis, L1 off, 2 threads)");
		header("| value | L2 get: Perfkit | Spring `RedisCache` | ratio | L2 put: Perfkit | Spring `RedisCache` | ratio |");
		header("| --- | --- | --- | --- | --- | --- | --- |");
		for (String bytes : values(get, "valueBytes")) {
			Result perfkitGet = find(get, "valueBytes", bytes);
			Result springGet = find("cache.RedisHitBenchmark.springRedisCacheHit", "valueBytes", bytes);
			Result perfkitPut = find("cache.RedisHitBenchmark.perfkitL2Put", "valueBytes", bytes);
			Result springPut = find("cache.RedisHitBenchmark.springRedisCachePut", "valueBytes", bytes);
			row("| " + grouped(bytes) + " B | " + score(perfkitGet) + " | " + score(springGet) + " | "
					+ ratioCell(ratio(perfkitGet, springGet)) + " | " + score(perfkitPut) + " | " + score(springPut)
					+ " | " + ratioCell(ratio(perfkitPut, springPut)) + " |");
		}
		end();
	}

	private void coherence() {
		Result put = find("cache.CoherenceBenchmark.put", "bus", "stream");
		Result propagation = find("cache.CoherenceBenchmark.putUntilOtherInstanceInvalidated");
		if (put == null && propagation == null) {
			return;
		}
		heading("Cache coherence: what the invalidation stream costs (L1 + Redis L2, 1 thread)");
		if (propagation != null) {
			row("Receiving side: a put on one instance until a second instance, reading the stream, has received the "
					+ "invalidation: " + score(propagation) + " per put (includes the put itself).");
			line("");
		}
		comparisonHeader("operation");
		compare("put", "publishes on the stream", "no bus", put, find("cache.CoherenceBenchmark.put", "bus", "off"));
		compare("evict", "publishes on the stream", "no bus", find("cache.CoherenceBenchmark.evict", "bus", "stream"),
				find("cache.CoherenceBenchmark.evict", "bus", "off"));
		end();
	}

	private void serializer() {
		String write = "cache.SerializerBenchmark.write";
		if (values(write, "codec").isEmpty()) {
			return;
		}
		heading("Serializer and compression: one 10 KB JSON value (1 thread, in-memory lower layer)");
		header("| codec | write (serialize, compress, frame) | writes/s | ratio to plain Jackson | read | reads/s | ratio to plain Jackson |");
		header("| --- | --- | --- | --- | --- | --- | --- |");
		Result jacksonWrite = find(write, "codec", "jackson");
		Result jacksonRead = find("cache.SerializerBenchmark.read", "codec", "jackson");
		for (String codec : List.of("jackson", "none", "gzip", "lz4", "zstd")) {
			Result w = find(write, "codec", codec);
			Result r = find("cache.SerializerBenchmark.read", "codec", codec);
			if (w == null && r == null) {
				continue;
			}
			String label = codec.equals("jackson") ? "plain Jackson (peer: no frame, no compression)"
					: "Perfkit, `" + codec + "`";
			row("| " + label + " | " + score(w) + " | " + perSecond(w) + " | " + ratioCell(ratio(w, jacksonWrite))
					+ " | " + score(r) + " | " + perSecond(r) + " | " + ratioCell(ratio(r, jacksonRead)) + " |");
		}
		end();
	}

	private void profiler() {
		if (values("profiler.JdbcProfilerBenchmark.pointSelect", "database").isEmpty()
				&& values("profiler.JdbcProfilerBenchmark.select100Rows", "database").isEmpty()) {
			return;
		}
		heading("SQL profiler: JDBC statements through one HikariCP pool (1 thread)");
		Map<String, String> variants = new LinkedHashMap<>();
		variants.put("raw", "raw Hikari (peer)");
		variants.put("perfkitOff", "Perfkit, switched off");
		variants.put("perfkit", "Perfkit, defaults");
		variants.put("perfkitCaptureAll", "Perfkit, stacks + parameters always");
		variants.put("datasourceProxy", "datasource-proxy, no listener");
		variants.put("p6spy", "p6spy, no-op appender");
		for (String statement : List.of("pointSelect", "select100Rows", "update", "batchInsert50")) {
			for (String database : List.of("h2", "postgres")) {
				Result raw = jdbc(database, "raw", statement);
				if (raw == null) {
					continue;
				}
				header("`" + statement + "` on " + (database.equals("h2") ? "H2 in memory" : "PostgreSQL, loopback")
						+ ":");
				header("");
				header("| variant | time | ratio to raw | added per statement |");
				header("| --- | --- | --- | --- |");
				for (Map.Entry<String, String> variant : variants.entrySet()) {
					Result result = jdbc(database, variant.getKey(), statement);
					if (result == null) {
						continue;
					}
					Estimate added = (result == raw) ? null : difference(result, raw);
					row("| " + variant.getValue() + " | " + score(result) + " | "
							+ ((result == raw) ? "1.00" : ratioCell(ratio(result, raw)))
							+ " | " + ((added != null) ? added.scale(result.nanosPerUnit()).format("ns") : "–")
							+ " |");
				}
				Estimate share = addedRatio(database, statement);
				if (share != null) {
					line("");
					line("Perfkit's added time over datasource-proxy's added time: " + share.format("")
							+ " (below 1.00: Perfkit adds less).");
				}
				line("");
			}
		}
	}

	private void fingerprintScaling() {
		String benchmark = "profiler.FingerprintScalingBenchmark.perfkitAnalyzeAndRecord";
		if (values(benchmark, "fingerprints").isEmpty()) {
			return;
		}
		heading("Scaling: distinct fingerprints (profiler's analyze + record per statement, 1 thread)");
		String smallest = values(benchmark, "fingerprints").get(0);
		header("| distinct fingerprints | time per statement | ratio to " + grouped(smallest) + " fingerprints |");
		header("| --- | --- | --- |");
		Result base = find(benchmark, "fingerprints", smallest);
		for (String fingerprints : values(benchmark, "fingerprints")) {
			Result result = find(benchmark, "fingerprints", fingerprints);
			row("| " + grouped(fingerprints) + " | " + score(result) + " | " + ratioCell(ratio(result, base)) + " |");
		}
		end();
	}

	private void resilience() {
		Result guard = find("resilience.GuardBenchmark.perfkitGuard");
		Result redis = find("resilience.RedisRateLimiterBenchmark.perfkitRedisCheck");
		if (guard == null && redis == null && find("resilience.ClientRateLimiterBenchmark.perfkitLocalSlidingWindow",
				"clients", "10000") == null) {
			return;
		}
		heading("Resilience: guard and per-client limiters");
		comparisonHeader("path (threads)");
		compare("guard, permitted call (2)", "`Guard.execute`, 1,024 clients", "raw Resilience4j chain", guard,
				find("resilience.GuardBenchmark.rawResilience4jChain"));
		compare("(reference) the call alone (2)", "call alone", "raw Resilience4j chain",
				find("resilience.GuardBenchmark.callAlone"), find("resilience.GuardBenchmark.rawResilience4jChain"));
		compare("local limiter, 10,000 clients (2)", "sliding window", "Bucket4j bucket per client in Caffeine",
				find("resilience.ClientRateLimiterBenchmark.perfkitLocalSlidingWindow", "clients", "10000"),
				find("resilience.ClientRateLimiterBenchmark.bucket4jPerClientInCaffeine", "clients", "10000"));
		Result bucket4j = find("resilience.RedisRateLimiterBenchmark.bucket4jLettuceCheck");
		compare("Redis limiter, one check (2)", "Lua script" + trips("perfkitRedisCheck"),
				"Bucket4j Lettuce CAS" + trips("bucket4jLettuceCheck"), redis, bucket4j);
		end();
	}

	private String trips(String method) {
		String trips = this.extras.getProperty("roundTripsPerCheck." + method);
		return (trips != null) ? ", " + fixed(Double.parseDouble(trips), 2) + " round trips" : "";
	}

	private void clientScaling() {
		String benchmark = "resilience.ClientRateLimiterBenchmark.perfkitLocalSlidingWindow";
		if (values(benchmark, "clients").isEmpty()) {
			return;
		}
		heading("Scaling: clients (local per-client limiter, 2 threads)");
		header("| clients | Perfkit sliding window | Bucket4j per client in Caffeine | ratio |");
		header("| --- | --- | --- | --- |");
		for (String clients : values(benchmark, "clients")) {
			Result perfkit = find(benchmark, "clients", clients);
			Result bucket4j = find("resilience.ClientRateLimiterBenchmark.bucket4jPerClientInCaffeine", "clients",
					clients);
			row("| " + grouped(clients) + " | " + score(perfkit) + " | " + score(bucket4j) + " | "
					+ ratioCell(ratio(perfkit, bucket4j)) + " |");
		}
		end();
	}

	private void monitor() {
		Result perfkit = find("monitor.AlertEvaluationBenchmark.perfkitEvaluateSixRules");
		if (perfkit == null) {
			return;
		}
		heading("Monitoring: one evaluation of six alert rules (1 thread)");
		comparisonHeader("path");
		compare("alert evaluation", "`AlertMonitor.evaluate()`", "hand-written registry lookups", perfkit,
				find("monitor.AlertEvaluationBenchmark.peerHandWrittenLookups"));
		end();
	}

	// lookups

	private Result jdbc(String database, String variant, String statement) {
		return find("profiler.JdbcProfilerBenchmark." + statement, "database", database, "variant", variant);
	}

	private Estimate addedRatio(String database, String statement) {
		Result raw = jdbc(database, "raw", statement);
		Estimate perfkit = difference(jdbc(database, "perfkit", statement), raw);
		Estimate proxy = difference(jdbc(database, "datasourceProxy", statement), raw);
		return (perfkit != null && proxy != null) ? perfkit.divide(proxy) : null;
	}

	Result find(String benchmark, String... params) {
		for (Result result : this.results) {
			if (result.benchmark().equals(benchmark) && matches(result, params)) {
				return result;
			}
		}
		return null;
	}

	private static boolean matches(Result result, String... params) {
		for (int i = 0; i + 1 < params.length; i += 2) {
			if (params[i + 1] != null && !params[i + 1].equals(result.params().get(params[i]))) {
				return false;
			}
		}
		return true;
	}

	private List<String> values(String benchmark, String param) {
		Set<String> values = new LinkedHashSet<>();
		for (Result result : this.results) {
			if (result.benchmark().equals(benchmark) && result.params().containsKey(param)) {
				values.add(result.params().get(param));
			}
		}
		List<String> sorted = new ArrayList<>(values);
		sorted.sort(Comparator.comparing((Function<String, Double>) BenchmarkReport::numeric)
			.thenComparing(Comparator.naturalOrder()));
		return sorted;
	}

	private String first(String benchmark, String param, String... preferred) {
		List<String> values = values(benchmark, param);
		for (String value : preferred) {
			if (values.contains(value)) {
				return value;
			}
		}
		return values.isEmpty() ? null : values.get(0);
	}

	private static double numeric(String value) {
		try {
			return Double.parseDouble(value);
		}
		catch (NumberFormatException ex) {
			return Double.MAX_VALUE;
		}
	}

	// arithmetic

	static Estimate ratio(Result value, Result peer) {
		if (value == null || peer == null) {
			return null;
		}
		return new Estimate(value.score(), value.error()).divide(new Estimate(peer.score(), peer.error()));
	}

	static Estimate difference(Result value, Result peer) {
		if (value == null || peer == null) {
			return null;
		}
		double error = (Double.isNaN(value.error()) && Double.isNaN(peer.error())) ? Double.NaN
				: Math.hypot(err(value.error()), err(peer.error()));
		return new Estimate(value.score() - peer.score(), error);
	}

	private static double err(double error) {
		return Double.isNaN(error) ? 0 : error;
	}

	// output

	private void heading(String title) {
		this.pending.setLength(0);
		this.pending.append("### ").append(title).append("\n\n");
	}

	private void comparisonHeader(String first) {
		this.pending.append("| ").append(first).append(" | Perfkit | peer, same run | ratio |\n");
		this.pending.append("| --- | --- | --- | --- |\n");
	}

	private void header(String text) {
		this.pending.append(text).append('\n');
	}

	private void row(String text) {
		this.out.append(this.pending);
		this.pending.setLength(0);
		line(text);
	}

	/** Ends a table: a blank line if any row was written, nothing otherwise. */
	private void end() {
		if (this.pending.length() == 0 && !this.out.isEmpty() && !this.out.toString().endsWith("\n\n")) {
			line("");
		}
		this.pending.setLength(0);
	}

	private void compare(String label, String perfkitName, String peerName, Result perfkit, Result peer) {
		if (perfkit == null || peer == null) {
			return;
		}
		row("| " + label + " | " + perfkitName + " " + score(perfkit) + " | " + peerName + " " + score(peer) + " | "
				+ ratioCell(ratio(perfkit, peer)) + " |");
	}

	private void target(String target, Estimate measured, double limit, String unit) {
		if (measured == null) {
			return;
		}
		String verdict;
		if (measured.value() <= limit) {
			verdict = (measured.value() + measured.error() > limit) ? "met (within the error bar)" : "met";
		}
		else {
			verdict = (measured.value() - measured.error() <= limit) ? "**not met** (within the error bar)"
					: "**not met**";
		}
		String shown = unit.startsWith(" ns") ? measured.format("") + unit : "**" + measured.format("") + "**" + unit;
		String share = "–";
		if (!Double.isNaN(measured.error()) && measured.value() != 0) {
			double relative = 100 * measured.error() / Math.abs(measured.value());
			share = String.format(Locale.ROOT, "%.0f%%", relative)
					+ ((relative <= DECIDING_SHARE) ? " (decided)" : " (undecided)");
		}
		row("| " + target + " | " + shown + " | " + verdict + " | " + share + " |");
	}

	private static String ratioCell(Estimate ratio) {
		return (ratio != null) ? "**" + ratio.format("") + "**" : "–";
	}

	static String score(Result result) {
		if (result == null) {
			return "–";
		}
		return new Estimate(result.score(), result.error()).format(unitSymbol(result.unit()));
	}

	private static String perSecond(Result result) {
		if (result == null) {
			return "–";
		}
		double seconds = result.score() / result.unitsPerSecond();
		return String.format(Locale.ROOT, "%,.0f", 1 / seconds);
	}

	private static String unitSymbol(String unit) {
		return switch (unit) {
			case "ns/op" -> "ns";
			case "us/op" -> "µs";
			case "ms/op" -> "ms";
			case "s/op" -> "s";
			default -> unit;
		};
	}

	private static String grouped(String number) {
		try {
			return String.format(Locale.ROOT, "%,d", Long.parseLong(number));
		}
		catch (NumberFormatException ex) {
			return number;
		}
	}

	private static String fixed(double value, int decimals) {
		return String.format(Locale.ROOT, "%." + decimals + "f", value);
	}

	private void line(String text) {
		this.out.append(text).append('\n');
	}

	/**
	 * One JMH result.
	 * @param benchmark class and method, relative to {@code dev.perfkit.benchmarks}
	 * @param params the {@code @Param} values
	 * @param score the primary score
	 * @param error the 99.9% confidence half-width, NaN with a single iteration
	 * @param unit the score's unit, such as {@code ns/op}
	 * @param allocation bytes allocated per operation ({@code -prof gc}), NaN when not measured
	 * @param threads benchmark threads
	 * @param forks forks
	 * @param warmupIterations warm-up iterations
	 * @param warmupTime warm-up iteration time
	 * @param measurementIterations measurement iterations
	 * @param measurementTime measurement iteration time
	 * @param jdkVersion the JDK version
	 * @param vmName the VM name
	 * @param jmhVersion the JMH version
	 */
	record Result(String benchmark, Map<String, String> params, double score, double error, String unit,
			double allocation, int threads,
			int forks, int warmupIterations, String warmupTime, int measurementIterations, String measurementTime,
			String jdkVersion, String vmName, String jmhVersion) {

		double nanosPerUnit() {
			return switch (this.unit) {
				case "ns/op" -> 1;
				case "us/op" -> 1_000;
				case "ms/op" -> 1_000_000;
				case "s/op" -> 1_000_000_000;
				default -> Double.NaN;
			};
		}

		double unitsPerSecond() {
			return 1_000_000_000 / nanosPerUnit();
		}

	}

	/**
	 * A value with an error bar; arithmetic propagates relative errors in quadrature (independent errors).
	 * @param value the value
	 * @param error the error half-width, NaN when unknown
	 */
	record Estimate(double value, double error) {

		Estimate divide(Estimate other) {
			double ratio = this.value / other.value;
			if (Double.isNaN(this.error) && Double.isNaN(other.error)) {
				return new Estimate(ratio, Double.NaN);
			}
			double relative = Math.hypot(relative(this), relative(other));
			return new Estimate(ratio, Math.abs(ratio) * relative);
		}

		Estimate scale(double factor) {
			return new Estimate(this.value * factor, this.error * factor);
		}

		private static double relative(Estimate estimate) {
			return Double.isNaN(estimate.error) ? 0 : estimate.error / Math.abs(estimate.value);
		}

		String format(String unit) {
			int decimals = decimals(this.value);
			String suffix = unit.isEmpty() ? "" : " " + unit;
			String value = String.format(Locale.ROOT, "%,." + decimals + "f", this.value);
			if (Double.isNaN(this.error)) {
				return value + suffix;
			}
			return value + " ± " + String.format(Locale.ROOT, "%,." + decimals + "f", this.error) + suffix;
		}

		private static int decimals(double value) {
			double magnitude = Math.abs(value);
			if (magnitude >= 100) {
				return 0;
			}
			if (magnitude >= 10) {
				return 1;
			}
			if (magnitude >= 0.1 || magnitude == 0) {
				return 2;
			}
			return 3;
		}

	}

}

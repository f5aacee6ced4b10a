package dev.perfkit.autoconfigure;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.filter.AnnotationTypeFilter;

import dev.perfkit.cache.autoconfigure.CacheAnalyticsProperties;
import dev.perfkit.cache.autoconfigure.CacheTuningProperties;
import dev.perfkit.cache.autoconfigure.CacheWarmingProperties;
import dev.perfkit.cache.autoconfigure.LayeredCacheProperties;
import dev.perfkit.cache.autoconfigure.MemoryGuardProperties;
import dev.perfkit.monitor.autoconfigure.AlertProperties;
import dev.perfkit.monitor.autoconfigure.DashboardProperties;
import dev.perfkit.profiler.autoconfigure.ProfilerProperties;
import dev.perfkit.profiler.autoconfigure.RequestProfileProperties;
import dev.perfkit.resilience.autoconfigure.ResilienceProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every property family of Perfkit, fed an invalid value: start-up fails and the report names the property, in the
 * form a user writes it in {@code application.properties}, once, whether or not the application has a Bean
 * Validation provider (the starter brings none: the properties classes validate themselves).
 */
class InvalidPropertyFamiliesTests {

	private static final List<Class<?>> FAMILIES = List.of(PerfkitProperties.class, LayeredCacheProperties.class,
			CacheWarmingProperties.class, CacheAnalyticsProperties.class, CacheTuningProperties.class,
			MemoryGuardProperties.class, ProfilerProperties.class, ResilienceProperties.class, AlertProperties.class,
			DashboardProperties.class, RequestProfileProperties.class);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(EveryFamily.class);

	private ApplicationContextRunner withProvider() {
		return this.contextRunner.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class));
	}

	private ApplicationContextRunner withoutProvider() {
		return this.contextRunner
			.withClassLoader(new FilteredClassLoader("jakarta.validation", "org.hibernate.validator"));
	}

	static Stream<Arguments> invalidValues() {
		String directory = System.getProperty("java.io.tmpdir");
		return Stream.of(
				// root
				invalid("perfkit.enabled=maybe", "perfkit.enabled"),
				// layered cache
				invalid("perfkit.cache.default-ttl=0s", "perfkit.cache.default-ttl"),
				invalid("perfkit.cache.null-ttl=-1s", "perfkit.cache.null-ttl"),
				invalid("perfkit.cache.recovery-interval=0ms", "perfkit.cache.recovery-interval"),
				invalid("perfkit.cache.coherence.heartbeat-interval=0s", "perfkit.cache.coherence.heartbeat-interval"),
				invalid("perfkit.cache.trusted-packages=com.example,java.lang", "perfkit.cache.trusted-packages[1]"),
				invalid("perfkit.cache.trusted-packages=org", "perfkit.cache.trusted-packages[0]"),
				invalid("perfkit.cache.memory.maximum-size=0", "perfkit.cache.memory.maximum-size"),
				invalid("perfkit.cache.memory.ttl=0s", "perfkit.cache.memory.ttl"),
				invalid("perfkit.cache.redis.key-prefix= ", "perfkit.cache.redis.key-prefix"),
				invalid("perfkit.cache.redis.ttl=-5m", "perfkit.cache.redis.ttl"),
				invalid("perfkit.cache.redis.compression=brotli", "perfkit.cache.redis.compression"),
				invalid("perfkit.cache.redis.compression-threshold=-1B", "perfkit.cache.redis.compression-threshold"),
				invalid("perfkit.cache.redis.timeout=0ms", "perfkit.cache.redis.timeout"),
				invalid("perfkit.cache.sqlite.path=" + directory, "perfkit.cache.sqlite.path"),
				invalid("perfkit.cache.sqlite.ttl=0s", "perfkit.cache.sqlite.ttl"),
				invalid("perfkit.cache.sqlite.max-entries=0", "perfkit.cache.sqlite.max-entries"),
				invalid("perfkit.cache.sqlite.purge-interval=0s", "perfkit.cache.sqlite.purge-interval"),
				invalid("perfkit.cache.sqlite.busy-timeout=-1ms", "perfkit.cache.sqlite.busy-timeout"),
				invalid("perfkit.cache.stampede.early-refresh-beta=-1", "perfkit.cache.stampede.early-refresh-beta"),
				invalid("perfkit.cache.stampede.lock-lease=0s", "perfkit.cache.stampede.lock-lease"),
				invalid("perfkit.cache.limits.max-key-size=0B", "perfkit.cache.limits.max-key-size"),
				invalid("perfkit.cache.limits.max-value-size=3GB", "perfkit.cache.limits.max-value-size"),
				invalid("perfkit.cache.specs.products.ttl=0s", "perfkit.cache.specs[products].ttl"),
				invalid("perfkit.cache.specs.products.memory.maximum-size=0",
						"perfkit.cache.specs[products].memory.maximum-size"),
				invalid("perfkit.cache.specs.products.redis.ttl=-1s", "perfkit.cache.specs[products].redis.ttl"),
				// cache warming, analytics, tuning, memory guard
				invalid("perfkit.cache.warming.interval=0s", "perfkit.cache.warming.interval"),
				invalid("perfkit.cache.warming.initial-delay=-1s", "perfkit.cache.warming.initial-delay"),
				invalid("perfkit.cache.warming.cron=every hour", "perfkit.cache.warming.cron"),
				invalid("perfkit.cache.warming.concurrency=0", "perfkit.cache.warming.concurrency"),
				invalid("perfkit.cache.warming.hot-keys=1000", "perfkit.cache.warming.hot-keys"),
				invalid("perfkit.cache.analytics.sample-interval=0s", "perfkit.cache.analytics.sample-interval"),
				invalid("perfkit.cache.analytics.window=0", "perfkit.cache.analytics.window"),
				invalid("perfkit.cache.analytics.critical-hit-ratio=0.5",
						"perfkit.cache.analytics.critical-hit-ratio"),
				invalid("perfkit.cache.analytics.warning-hit-ratio=2", "perfkit.cache.analytics.warning-hit-ratio"),
				invalid("perfkit.cache.analytics.critical-response-time=0s",
						"perfkit.cache.analytics.critical-response-time"),
				invalid("perfkit.cache.tuning.strategy=reckless", "perfkit.cache.tuning.strategy"),
				invalid("perfkit.cache.tuning.maximum-size=0", "perfkit.cache.tuning.maximum-size"),
				invalid("perfkit.cache.memory-guard.heap-threshold=1.5", "perfkit.cache.memory-guard.heap-threshold"),
				invalid("perfkit.cache.memory-guard.check-interval=0s", "perfkit.cache.memory-guard.check-interval"),
				invalid("perfkit.cache.memory-guard.shrink-factor=0.95", "perfkit.cache.memory-guard.shrink-factor"),
				invalid("perfkit.cache.memory-guard.minimum-size=0", "perfkit.cache.memory-guard.minimum-size"),
				invalid("perfkit.cache.memory-guard.restore-step=0", "perfkit.cache.memory-guard.restore-step"),
				// profiler
				invalid("perfkit.profiler.slow-query-threshold=-1ms", "perfkit.profiler.slow-query-threshold"),
				invalid("perfkit.profiler.max-history=0", "perfkit.profiler.max-history"),
				invalid("perfkit.profiler.max-fingerprints=5", "perfkit.profiler.max-fingerprints"),
				invalid("perfkit.profiler.capture-stack-trace=sometimes", "perfkit.profiler.capture-stack-trace"),
				invalid("perfkit.profiler.capture-parameters=maybe", "perfkit.profiler.capture-parameters"),
				invalid("perfkit.profiler.n-plus-one.threshold=1", "perfkit.profiler.n-plus-one.threshold"),
				invalid("perfkit.profiler.explain.threshold=-1ms", "perfkit.profiler.explain.threshold"),
				invalid("perfkit.profiler.explain.interval=0s", "perfkit.profiler.explain.interval"),
				invalid("perfkit.profiler.health.slow-query-percentage=150",
						"perfkit.profiler.health.slow-query-percentage"),
				// request profiles
				invalid("perfkit.profiler.requests.slow-threshold=-1ms", "perfkit.profiler.requests.slow-threshold"),
				invalid("perfkit.profiler.requests.kept-size=-1", "perfkit.profiler.requests.kept-size"),
				invalid("perfkit.profiler.requests.max-routes=0", "perfkit.profiler.requests.max-routes"),
				invalid("perfkit.profiler.requests.max-statements=-1", "perfkit.profiler.requests.max-statements"),
				invalid("perfkit.profiler.requests.max-route-statements=0",
						"perfkit.profiler.requests.max-route-statements"),
				// resilience
				invalid("perfkit.resilience.throttle.rate=0", "perfkit.resilience.throttle.rate"),
				invalid("perfkit.resilience.throttle.min-rate=50;perfkit.resilience.throttle.max-rate=10",
						"perfkit.resilience.throttle.min-rate"),
				invalid("perfkit.resilience.throttle.adaptive=true;perfkit.resilience.throttle.rate=5000",
						"perfkit.resilience.throttle.rate"),
				invalid("perfkit.resilience.throttle.cpu-threshold=1.5", "perfkit.resilience.throttle.cpu-threshold"),
				invalid("perfkit.resilience.throttle.decrease-factor=1", "perfkit.resilience.throttle.decrease-factor"),
				invalid("perfkit.resilience.throttle.adjust-interval=0s", "perfkit.resilience.throttle.adjust-interval"),
				invalid("perfkit.resilience.throttle.max-wait=-1s", "perfkit.resilience.throttle.max-wait"),
				invalid("perfkit.resilience.throttle.target-latency=0s", "perfkit.resilience.throttle.target-latency"),
				invalid("perfkit.resilience.throttle.history-size=0", "perfkit.resilience.throttle.history-size"),
				invalid("perfkit.resilience.rate-limit.limit=0", "perfkit.resilience.rate-limit.limit"),
				invalid("perfkit.resilience.rate-limit.window=0s", "perfkit.resilience.rate-limit.window"),
				invalid("perfkit.resilience.rate-limit.backend=memcached", "perfkit.resilience.rate-limit.backend"),
				invalid("perfkit.resilience.rate-limit.max-clients=0", "perfkit.resilience.rate-limit.max-clients"),
				invalid("perfkit.resilience.rate-limit.windows[0].limit=5;perfkit.resilience.rate-limit.windows[0].window=0s",
						"perfkit.resilience.rate-limit.windows[0].window"),
				invalid("perfkit.resilience.rate-limit.clients[gold-*].window=0s",
						"perfkit.resilience.rate-limit.clients[gold-*].window"),
				invalid("perfkit.resilience.rate-limit.clients[Gold-*].limit=0",
						"perfkit.resilience.rate-limit.clients[Gold-*].limit"),
				invalid("perfkit.resilience.rate-limit.redis.key-prefix=", "perfkit.resilience.rate-limit.redis.key-prefix"),
				invalid("perfkit.resilience.rate-limit.redis.retry-interval=0s",
						"perfkit.resilience.rate-limit.redis.retry-interval"),
				invalid("perfkit.resilience.rate-limit.redis.on-failure=panic",
						"perfkit.resilience.rate-limit.redis.on-failure"),
				invalid("perfkit.resilience.rate-limit.web.client-id-header=",
						"perfkit.resilience.rate-limit.web.client-id-header"),
				invalid("perfkit.resilience.guards.llm.timeout=0s", "perfkit.resilience.guards[llm].timeout"),
				invalid("perfkit.resilience.guards.llm.client-side-throttle.k=1",
						"perfkit.resilience.guards[llm].client-side-throttle.k"),
				invalid("perfkit.resilience.guards.llm.client-side-throttle.window=1ms",
						"perfkit.resilience.guards[llm].client-side-throttle.window"),
				invalid("perfkit.resilience.workers.workload=chaotic", "perfkit.resilience.workers.workload"),
				invalid("perfkit.resilience.workers.core-size=8;perfkit.resilience.workers.max-size=2",
						"perfkit.resilience.workers.max-size"),
				invalid("perfkit.resilience.workers.queue-capacity=0", "perfkit.resilience.workers.queue-capacity"),
				invalid("perfkit.resilience.workers.default-timeout=0s", "perfkit.resilience.workers.default-timeout"),
				invalid("perfkit.resilience.workers.queue-timeout=0s", "perfkit.resilience.workers.queue-timeout"),
				invalid("perfkit.resilience.workers.retained-tasks=-1", "perfkit.resilience.workers.retained-tasks"),
				invalid("perfkit.resilience.workers.shutdown-timeout=-1s", "perfkit.resilience.workers.shutdown-timeout"),
				// alerts and dashboard
				invalid("perfkit.alerts.evaluation-interval=0s", "perfkit.alerts.evaluation-interval"),
				invalid("perfkit.alerts.max-history=0", "perfkit.alerts.max-history"),
				invalid("perfkit.alerts.rules[0].name=slow;perfkit.alerts.rules[0].metric= ",
						"perfkit.alerts.rules[0].metric"),
				invalid("perfkit.alerts.rules[0].name=slow;perfkit.alerts.rules[0].metric=x;perfkit.alerts.rules[0].level=panic",
						"perfkit.alerts.rules[0].level"),
				invalid("perfkit.alerts.rules[0].name=slow;perfkit.alerts.rules[0].metric=x;perfkit.alerts.rules[0].cooldown=-1s",
						"perfkit.alerts.rules[0].cooldown"),
				invalid("perfkit.dashboard.path=perfkit", "perfkit.dashboard.path"),
				invalid("perfkit.dashboard.refresh-interval=100ms", "perfkit.dashboard.refresh-interval"));
	}

	private static Arguments invalid(String assignments, String property) {
		return Arguments.of(assignments, property);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidValues")
	void startUpFailsWithAReportNamingTheProperty(String assignments, String property) {
		withProvider().withPropertyValues(assignments.split(";"))
			.run((context) -> assertReportNames(context.getStartupFailure(), assignments, property));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidValues")
	void startUpFailsWithAReportNamingThePropertyWithoutABeanValidationProvider(String assignments, String property) {
		withoutProvider().withPropertyValues(assignments.split(";"))
			.run((context) -> assertReportNames(context.getStartupFailure(), assignments, property));
	}

	static Stream<Arguments> constraintKinds() {
		return Stream.of(
				reason("perfkit.cache.memory.maximum-size=0", "perfkit.cache.memory.maximum-size",
						"must be greater than or equal to 1", "is greater than or equal to 1"),
				reason("perfkit.cache.warming.concurrency=65", "perfkit.cache.warming.concurrency",
						"must be between 1 and 64", "is between 1 and 64"),
				reason("perfkit.cache.analytics.warning-hit-ratio=2", "perfkit.cache.analytics.warning-hit-ratio",
						"must be between 0.0 and 1.0", "is between 0.0 and 1.0"),
				reason("perfkit.cache.memory-guard.heap-threshold=NaN", "perfkit.cache.memory-guard.heap-threshold",
						"must be between 0.1 and 0.99", "is between 0.1 and 0.99"),
				reason("perfkit.resilience.throttle.rate=0", "perfkit.resilience.throttle.rate",
						"must be greater than 0.0", "is greater than 0.0"),
				reason("perfkit.resilience.throttle.decrease-factor=1", "perfkit.resilience.throttle.decrease-factor",
						"must be greater than 0.0 and less than 1.0", "is greater than 0.0 and less than 1.0"),
				reason("perfkit.resilience.guards.llm.client-side-throttle.k=1",
						"perfkit.resilience.guards[llm].client-side-throttle.k", "must be greater than 1.0",
						"is greater than 1.0"),
				reason("perfkit.resilience.rate-limit.clients[gold-*].limit=0",
						"perfkit.resilience.rate-limit.clients[gold-*].limit", "must be greater than or equal to 1",
						"is greater than or equal to 1"),
				reason("perfkit.cache.specs.products.early-refresh-beta=101",
						"perfkit.cache.specs[products].early-refresh-beta", "must be between 0.0 and 100.0",
						"is between 0.0 and 100.0"),
				reason("perfkit.cache.redis.key-prefix= ", "perfkit.cache.redis.key-prefix", "must not be blank",
						"is not blank"),
				reason("perfkit.resilience.rate-limit.redis.key-prefix=", "perfkit.resilience.rate-limit.redis.key-prefix",
						"must not be empty", "is not empty"),
				reason("perfkit.resilience.rate-limit.web.client-id-header=X Client",
						"perfkit.resilience.rate-limit.web.client-id-header", "must be an HTTP header name",
						"is an HTTP header name"),
				reason("perfkit.dashboard.path=perfkit/", "perfkit.dashboard.path",
						"must start with '/' and not end with '/', such as /perfkit",
						"meets this rule: must start with '/'"),
				reason("perfkit.alerts.rules[0].name=slow;perfkit.alerts.rules[0].metric= ",
						"perfkit.alerts.rules[0].metric", "must not be blank", "is not blank"),
				reason("perfkit.cache.tuning.maximum-ttl=0s", "perfkit.cache.tuning.maximum-ttl",
						"must be a positive duration", "is a positive duration"));
	}

	private static Arguments reason(String assignments, String property, String reason, String fix) {
		return Arguments.of(assignments, property, reason, fix);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("constraintKinds")
	void everyKindOfConstraintSaysWhatIsWrongAndTheFixWithAndWithoutAProvider(String assignments, String property,
			String reason, String fix) {
		for (ApplicationContextRunner runner : List.of(withProvider(), withoutProvider())) {
			runner.withPropertyValues(assignments.split(";")).run((context) -> {
				FailureAnalysis analysis = assertReportNames(context.getStartupFailure(), assignments, property);
				assertThat(analysis.getDescription()).contains("property '" + property + "' = ").contains(reason);
				assertThat(analysis.getAction()).contains("Set '" + property + "' to a value that " + fix);
			});
		}
	}

	private static FailureAnalysis assertReportNames(Throwable failure, String assignments, String property) {
		assertThat(failure).as("start-up failure with %s", assignments).isNotNull();
		FailureAnalysis analysis = new InvalidPerfkitPropertyFailureAnalyzer().analyze(failure);
		assertThat(analysis).as("analysis of %s", assignments).isNotNull();
		assertThat(analysis.getDescription()).contains("property '" + property + "' = ");
		// each error once: the properties are not also checked by Bean Validation
		assertThat(analysis.getDescription().split(Pattern.quote("property '" + property + "' = "),
				-1)).as(analysis.getDescription()).hasSize(2);
		assertThat(analysis.getAction()).contains("Set '" + property + "' to ");
		return analysis;
	}

	@Test
	void everyFamilyStartsWithItsDefaults() {
		withProvider().run((context) -> assertThat(context).hasNotFailed());
		withoutProvider().run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void everyPropertyFamilyOfTheStarterIsCovered() {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
		Set<String> found = scanner.findCandidateComponents("dev.perfkit")
			.stream()
			.map((candidate) -> candidate.getBeanClassName())
			.filter((name) -> !name.contains("Tests$"))
			.collect(Collectors.toCollection(TreeSet::new));
		assertThat(found).containsExactlyInAnyOrderElementsOf(FAMILIES.stream().map(Class::getName).toList());
		Set<String> tested = invalidValues().map((arguments) -> (String) arguments.get()[1])
			.collect(Collectors.toSet());
		for (Class<?> family : FAMILIES) {
			String prefix = family.getAnnotation(ConfigurationProperties.class).value();
			List<String> others = FAMILIES.stream()
				.map((other) -> other.getAnnotation(ConfigurationProperties.class).value())
				.filter((other) -> !other.equals(prefix) && other.startsWith(prefix + "."))
				.toList();
			assertThat(tested).as("cases for %s", prefix)
				.anyMatch((property) -> property.startsWith(prefix)
						&& others.stream().noneMatch((other) -> property.startsWith(other + ".")));
		}
		assertThat(Arrays.asList(EveryFamily.class.getAnnotation(EnableConfigurationProperties.class).value()))
			.containsExactlyInAnyOrderElementsOf(FAMILIES);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ PerfkitProperties.class, LayeredCacheProperties.class,
			CacheWarmingProperties.class, CacheAnalyticsProperties.class, CacheTuningProperties.class,
			MemoryGuardProperties.class, ProfilerProperties.class, ResilienceProperties.class, AlertProperties.class,
			DashboardProperties.class, RequestProfileProperties.class })
	static class EveryFamily {

	}

}

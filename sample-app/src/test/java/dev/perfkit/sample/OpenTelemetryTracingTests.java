package dev.perfkit.sample;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The trace of one product request with the OpenTelemetry bridge, spans kept in memory.
 */
@AutoConfigureTracing
@Import(OpenTelemetryTracingTests.InMemorySpans.class)
@TestPropertySource(properties = { "management.tracing.sampling.probability=1.0",
		"spring.autoconfigure.exclude=org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration" })
class OpenTelemetryTracingTests extends SampleApplicationTestSupport {

	@Autowired
	private InMemorySpans spans;

	@Autowired
	private CacheManager cacheManager;

	@Test
	void productRequestIsTracedThroughTheCacheLoadToItsStatement() {
		this.cacheManager.getCache("products").evict(8L);
		this.spans.exporter.reset();
		assertThat(get("/api/products/8").status()).isEqualTo(200);
		SpanTree tree = await().atMost(Duration.ofSeconds(30))
			.until(() -> tree(this.spans.exporter.getFinishedSpanItems()), (candidate) -> candidate.root().isPresent());
		System.out.println("Span tree of GET /api/products/8 (OpenTelemetry):\n" + tree.render());
		TracingAssertions.requestLoadsTheProductThroughTheCacheWithOneStatement(tree);
	}

	private static SpanTree tree(List<SpanData> spans) {
		return SpanTree.of(spans.stream().map((span) -> {
			Map<String, String> tags = new LinkedHashMap<>();
			span.getAttributes().forEach((key, value) -> tags.put(key.getKey(), String.valueOf(value)));
			String parent = SpanId.isValid(span.getParentSpanId()) ? span.getParentSpanId() : null;
			return new SpanTree.Node(span.getSpanId(), parent, span.getName(), tags, span.getStartEpochNanos());
		}).toList());
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class InMemorySpans {

		// not a bean: Boot would also export the spans of an exporter bean through a batch processor
		final InMemorySpanExporter exporter = InMemorySpanExporter.create();

		@Bean
		SpanProcessor inMemorySpanProcessor() {
			return SimpleSpanProcessor.create(this.exporter);
		}

	}

}

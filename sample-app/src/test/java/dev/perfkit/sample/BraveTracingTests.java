package dev.perfkit.sample;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
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
 * The trace of one product request with the Brave bridge, spans kept in memory.
 */
@AutoConfigureTracing
@Import(BraveTracingTests.InMemorySpans.class)
@TestPropertySource(properties = { "management.tracing.sampling.probability=1.0",
		"spring.autoconfigure.exclude=org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration" })
class BraveTracingTests extends SampleApplicationTestSupport {

	@Autowired
	private InMemorySpans spans;

	@Autowired
	private CacheManager cacheManager;

	@Test
	void productRequestIsTracedThroughTheCacheLoadToItsStatement() {
		this.cacheManager.getCache("products").evict(7L);
		this.spans.spans.clear();
		assertThat(get("/api/products/7").status()).isEqualTo(200);
		SpanTree tree = await().atMost(Duration.ofSeconds(30))
			.until(() -> tree(this.spans.spans), (candidate) -> candidate.root().isPresent());
		System.out.println("Span tree of GET /api/products/7 (Brave):\n" + tree.render());
		TracingAssertions.requestLoadsTheProductThroughTheCacheWithOneStatement(tree);
	}

	private static SpanTree tree(List<MutableSpan> spans) {
		return SpanTree.of(spans.stream()
			.map((span) -> new SpanTree.Node(span.id(), span.parentId(), span.name(), span.tags(),
					span.startTimestamp()))
			.toList());
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class InMemorySpans {

		final List<MutableSpan> spans = new CopyOnWriteArrayList<>();

		@Bean
		SpanHandler inMemorySpanHandler() {
			return new SpanHandler() {

				@Override
				public boolean end(TraceContext context, MutableSpan span, Cause cause) {
					InMemorySpans.this.spans.add(span);
					return true;
				}

			};
		}

	}

}

package dev.perfkit.sample;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * The trace of one product request with the Brave bridge, spans kept in memory.
 */
@Import(BraveTracingTests.InMemorySpans.class)
@TestPropertySource(properties = "spring.autoconfigure.exclude=org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration")
class BraveTracingTests extends TracingTestSupport {

	@Autowired
	private InMemorySpans spans;

	@Override
	String bridge() {
		return "Brave";
	}

	@Override
	long productId() {
		return 7;
	}

	@Override
	void clearSpans() {
		this.spans.spans.clear();
	}

	@Override
	List<SpanTree.Node> finishedSpans() {
		return this.spans.spans.stream()
			.map((span) -> new SpanTree.Node(span.id(), span.parentId(), span.name(), span.tags(),
					span.startTimestamp()))
			.toList();
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

package dev.perfkit.sample;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * The trace of one product request with the OpenTelemetry bridge, spans kept in memory.
 */
@Import(OpenTelemetryTracingTests.InMemorySpans.class)
@TestPropertySource(properties = "spring.autoconfigure.exclude=org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration")
class OpenTelemetryTracingTests extends TracingTestSupport {

	@Autowired
	private InMemorySpans spans;

	@Override
	String bridge() {
		return "OpenTelemetry";
	}

	@Override
	long productId() {
		return 8;
	}

	@Override
	void clearSpans() {
		this.spans.exporter.reset();
	}

	@Override
	List<SpanTree.Node> finishedSpans() {
		return this.spans.exporter.getFinishedSpanItems().stream().map((span) -> {
			Map<String, String> tags = new LinkedHashMap<>();
			span.getAttributes().forEach((key, value) -> tags.put(key.getKey(), String.valueOf(value)));
			String parent = SpanId.isValid(span.getParentSpanId()) ? span.getParentSpanId() : null;
			return new SpanTree.Node(span.getSpanId(), parent, span.getName(), tags, span.getStartEpochNanos());
		}).toList();
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

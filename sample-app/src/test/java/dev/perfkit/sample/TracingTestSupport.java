package dev.perfkit.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.cache.CacheManager;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Base of the tests that trace one product request with one tracing bridge, every span sampled and kept in memory:
 * a subclass excludes the other bridge's auto-configuration and gives the finished spans. The tree is written to
 * {@code target/traces/<bridge>.txt}, which {@code docs/capture traces} puts in docs/traces.md.
 */
@AutoConfigureTracing
@TestPropertySource(properties = "management.tracing.sampling.probability=1.0")
abstract class TracingTestSupport extends SampleApplicationTestSupport {

	@Autowired
	private CacheManager cacheManager;

	/** @return the bridge, as printed with the tree */
	abstract String bridge();

	/** @return the product requested, missing from the cache before the request */
	abstract long productId();

	/** Forgets the spans finished so far. */
	abstract void clearSpans();

	/** @return the spans finished so far */
	abstract List<SpanTree.Node> finishedSpans();

	private static final Path OUTPUT = Path.of("target", "traces");

	@Test
	void productRequestIsTracedThroughTheCacheLoadToItsStatement() throws IOException {
		long id = productId();
		this.cacheManager.getCache("products").evict(id);
		clearSpans();
		assertThat(get("/api/products/" + id).status()).isEqualTo(200);
		SpanTree tree = await().atMost(Duration.ofSeconds(30))
			.until(() -> SpanTree.of(finishedSpans()), (candidate) -> candidate.root().isPresent());
		System.out.println("Span tree of GET /api/products/" + id + " (" + bridge() + "):\n" + tree.render());
		Files.createDirectories(OUTPUT);
		Files.writeString(OUTPUT.resolve(bridge().toLowerCase(Locale.ROOT) + ".txt"), tree.render(),
				StandardCharsets.UTF_8);
		TracingAssertions.requestLoadsTheProductThroughTheCacheWithOneStatement(tree);
	}

}

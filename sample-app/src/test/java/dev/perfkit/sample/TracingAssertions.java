package dev.perfkit.sample;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the trace of one product request shows, with either bridge.
 */
final class TracingAssertions {

	private TracingAssertions() {
	}

	/**
	 * HTTP request, then the {@code products} cache's load of the missed product, then the statement it runs.
	 */
	static void requestLoadsTheProductThroughTheCacheWithOneStatement(SpanTree tree) {
		SpanTree.Node http = tree.root().orElseThrow();
		assertThat(http.name()).startsWith("http get");
		SpanTree.Node load = tree.child(http, "cache load products").orElseThrow();
		assertThat(load.tags()).containsEntry("cache", "products");
		assertThat(tree.children(load)).filteredOn((span) -> span.name().equals("query"))
			.singleElement()
			.satisfies((query) -> assertThat(query.tags()).containsEntry("name", "dataSource")
				.containsEntry("operation", "select")
				.hasEntrySatisfying("jdbc.query[0]", (sql) -> assertThat(sql).contains("FROM product")));
		assertThat(tree.childNames(load)).contains("connection");
		// the loaded product written to the lower layers, tagged with its cache as reads are
		assertThat(tree.children(load)).filteredOn((span) -> span.name().endsWith(" write"))
			.allSatisfy((write) -> assertThat(write.tags()).containsEntry("cache", "products"));
	}

}

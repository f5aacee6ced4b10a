package dev.perfkit.monitor.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's "Top statements" panel asks the profiler for statements sorted by total time, plots total time in
 * that order, says so in its title, and shows the full statement on hover.
 */
class DashboardTopStatementsTests {

	@Test
	void sortedPlottedAndTitledByTotalTime() throws IOException {
		String script = resource("dashboard.js");
		String panel = script.substring(script.indexOf("fingerprints: function (context)"),
				script.indexOf("'slow-queries': function (context)"));
		assertThat(panel).contains("/profiler/fingerprints?sort=total&")
			.contains("['totalMs', 'total']")
			.contains("'total ms'")
			.contains("statements by total time")
			.doesNotContain("by calls")
			.doesNotContain("['calls', 'count', 'executions']");
		assertThat(resource("index.html")).contains("<h2>Top statements by total time</h2>");
	}

	@Test
	void barsShowTheFullStatementOnHover() throws IOException {
		String script = resource("dashboard.js");
		String bars = script.substring(script.indexOf("function bars("), script.indexOf("function table("));
		assertThat(bars).contains("tooltip: { callbacks: { title:").contains("chart.fullTitles = titles || labels");
	}

	private static String resource(String name) throws IOException {
		try (InputStream in = DashboardTopStatementsTests.class.getResourceAsStream(name)) {
			assertThat(in).as(name).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}

package dev.perfkit.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.aot.AotDetector;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample processed by Spring AOT at build time ({@code spring-boot:process-aot}) runs on the JVM with
 * {@code -Dspring.aot.enabled=true}: its context comes from the generated initializer, not from configuration
 * classes, and its endpoints answer — health, a cached route (twice: a miss, then a hit) and the layered caches.
 * Runs with failsafe after packaging (the AOT classes are generated in {@code prepare-package}). A native image is
 * not built here (no GraalVM on the build machine).
 */
class SampleAotIT {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void theAotProcessedSampleStartsFromItsGeneratedInitializerAndAnswers(@TempDir Path folder) throws Exception {
		assertThat(ClassUtils.isPresent(SampleApplication.class.getName() + "__ApplicationContextInitializer",
				getClass().getClassLoader()))
			.as("AOT-generated initializer (spring-boot:process-aot)")
			.isTrue();
		System.setProperty(AotDetector.AOT_ENABLED, "true");
		// main(...) names the class whose generated initializer is used (the test runner would be deduced otherwise)
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
			.main(SampleApplication.class)
			.run("--server.port=0", "--sample.database-file=" + folder.resolve("catalog.db"))) {
			assertThat(AotDetector.useGeneratedArtifacts()).isTrue();
			int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
			assertThat(get(port, "/actuator/health")).startsWith("200 ").contains("\"status\":\"UP\"");
			String first = get(port, "/api/products/1");
			assertThat(first).startsWith("200 ");
			assertThat(get(port, "/api/products/1")).isEqualTo(first);
			String caches = get(port, "/actuator/layeredcaches/products");
			assertThat(caches).startsWith("200 ").contains("\"hits\"");
			assertThat(get(port, "/actuator/layeredcaches")).startsWith("200 ").contains("products");
		}
		finally {
			System.clearProperty(AotDetector.AOT_ENABLED);
		}
	}

	private String get(int port, String path) throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		return response.statusCode() + " " + response.body();
	}

}

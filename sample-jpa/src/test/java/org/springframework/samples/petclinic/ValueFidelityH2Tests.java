package org.springframework.samples.petclinic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The value-fidelity corpus on H2; its table is the one in docs/layered-cache.md.
 */
@SpringBootTest
@Import(ValueFidelityTestSupport.Corpus.class)
class ValueFidelityH2Tests extends ValueFidelityTestSupport {

	private static final String PREFIX = keyPrefix("h2");

	@DynamicPropertySource
	static void redisKeyPrefix(DynamicPropertyRegistry registry) {
		registry.add("perfkit.cache.redis.key-prefix", () -> PREFIX);
	}

	@Override
	String database() {
		return "H2";
	}

	@Override
	void writeTable(String table) {
		try {
			Path target = Path.of("target", "value-fidelity.md");
			Files.writeString(target, table, StandardCharsets.UTF_8);
			String readme = Files.readString(Path.of("..", "docs", "layered-cache.md"), StandardCharsets.UTF_8);
			assertThat(readme).as("docs/layered-cache.md's value-fidelity table is the one measured (see " + target + ")")
				.contains(table);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

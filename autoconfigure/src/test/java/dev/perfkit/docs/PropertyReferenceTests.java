package dev.perfkit.docs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps {@code docs/properties.md} equal to what the configuration metadata of this build says. The page is generated,
 * never edited: run {@code ./mvnw -pl autoconfigure -am test -Dtest=PropertyReferenceTests -Dperfkit.docs.update=true
 * -Dsurefire.failIfNoSpecifiedTests=false} to rewrite it after a property changed.
 */
class PropertyReferenceTests {

	static final Path PAGE = Path.of("..", "docs", "properties.md");

	/** This module's own metadata: other jars on the test class path carry a file of the same name. */
	private static final Path METADATA = Path.of("target", "classes", "META-INF", "spring-configuration-metadata.json");

	private static final Pattern QUALIFIED_TYPE = Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+([A-Z][A-Za-z0-9_$]*)");

	@Test
	void propertyReferenceMatchesTheConfigurationMetadata() throws IOException {
		String generated = render(readMetadata());
		if (Boolean.getBoolean("perfkit.docs.update")) {
			Files.writeString(PAGE, generated, StandardCharsets.UTF_8);
		}
		assertThat(PAGE).as("docs/properties.md is generated from the configuration metadata; regenerate it with "
				+ "./mvnw -pl autoconfigure -am test -Dtest=PropertyReferenceTests -Dperfkit.docs.update=true "
				+ "-Dsurefire.failIfNoSpecifiedTests=false")
			.exists();
		assertThat(Files.readString(PAGE, StandardCharsets.UTF_8))
			.as("docs/properties.md differs from the configuration metadata; regenerate it with "
					+ "./mvnw -pl autoconfigure -am test -Dtest=PropertyReferenceTests -Dperfkit.docs.update=true "
					+ "-Dsurefire.failIfNoSpecifiedTests=false")
			.isEqualTo(generated);
	}

	@Test
	void everyPropertyHasADescription() throws IOException {
		List<String> undocumented = new ArrayList<>();
		for (JsonNode property : readMetadata().path("properties")) {
			if (property.path("description").asString("").isBlank() && !property.has("deprecation")) {
				undocumented.add(property.path("name").asString());
			}
		}
		assertThat(undocumented).as("properties without a description (add Javadoc to the field)").isEmpty();
	}

	private static JsonNode readMetadata() throws IOException {
		assertThat(METADATA).as("written by spring-boot-configuration-processor when the module compiles").exists();
		try (InputStream in = Files.newInputStream(METADATA)) {
			return JsonMapper.builder().build().readTree(in);
		}
	}

	static String render(JsonNode metadata) {
		Map<String, List<JsonNode>> sections = new TreeMap<>();
		for (JsonNode property : metadata.path("properties")) {
			String name = property.path("name").asString();
			sections.computeIfAbsent(section(name), (key) -> new ArrayList<>()).add(property);
			for (JsonNode entry : MapEntryProperties.expand(property)) {
				sections.get(section(name)).add(entry);
			}
		}
		StringBuilder page = new StringBuilder();
		page.append("# Configuration properties\n\n")
			.append("<!-- Generated from the build's META-INF/spring-configuration-metadata.json by PropertyReferenceTests; "
					+ "do not edit by hand. -->\n\n")
			.append("Every property Perfkit reads, with its type and default, as the configuration metadata of this build ")
			.append("states them (your IDE shows the same text). Durations take Spring Boot's formats (`250ms`, `5s`, ")
			.append("`PT1M`); sizes take `10MB`-style values. Invalid values fail start-up naming the property.\n");
		sections.forEach((section, properties) -> {
			properties.sort(Comparator.comparing((JsonNode p) -> p.path("name").asString()));
			page.append("\n## `").append(section).append("`\n\n");
			page.append("| Property | Type | Default | Description |\n| --- | --- | --- | --- |\n");
			for (JsonNode property : properties) {
				page.append("| `")
					.append(property.path("name").asString())
					.append("` | ")
					.append(cell(shortType(property.path("type").asString(""))))
					.append(" | ")
					.append(defaultValue(property.get("defaultValue")))
					.append(" | ")
					.append(description(property))
					.append(" |\n");
			}
		});
		return page.toString();
	}

	/** Groups {@code perfkit.cache.redis.timeout} under {@code perfkit.cache}, {@code management.*} by endpoint. */
	private static String section(String name) {
		String[] parts = name.split("\\.");
		int depth = Math.min(parts.length - 1, name.startsWith("management.") ? 3 : 2);
		return String.join(".", java.util.Arrays.copyOf(parts, Math.max(depth, 1)));
	}

	private static String shortType(String type) {
		Matcher matcher = QUALIFIED_TYPE.matcher(type);
		StringBuilder shortened = new StringBuilder();
		while (matcher.find()) {
			matcher.appendReplacement(shortened, Matcher.quoteReplacement(matcher.group(1).replace('$', '.')));
		}
		matcher.appendTail(shortened);
		return "`" + shortened.toString().replace(",", ", ") + "`";
	}

	private static String defaultValue(JsonNode value) {
		if (value == null || value.isNull()) {
			return "";
		}
		if (value.isArray()) {
			List<String> items = new ArrayList<>();
			value.forEach((item) -> items.add(item.asString()));
			return items.isEmpty() ? "" : cell("`" + String.join(", ", items) + "`");
		}
		return cell("`" + value.asString() + "`");
	}

	private static String description(JsonNode property) {
		String text = property.path("description").asString("").replaceAll("\\s+", " ").trim();
		JsonNode deprecation = property.get("deprecation");
		if (deprecation != null) {
			String replacement = deprecation.path("replacement").asString("");
			text = "**Deprecated**" + (replacement.isEmpty() ? "" : ", use `" + replacement + "`") + ". " + text;
		}
		return cell(text.replace("<", "&lt;").replace(">", "&gt;"));
	}

	private static String cell(String text) {
		return text.replace("|", "\\|");
	}

}

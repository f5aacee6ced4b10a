package dev.perfkit.docs;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The configuration metadata describes a {@code Map<String, Spec>} or {@code List<Rule>} property as one entry; users
 * write {@code perfkit.cache.specs.<name>.ttl} or {@code perfkit.alerts.rules[0].name}. This expands such maps and lists
 * whose values are Perfkit's own classes into one row per field, with the field's Javadoc (read from the source) and its initial value as the default, so the reference
 * lists every key a user can write.
 */
final class MapEntryProperties {

	private static final Path SOURCES = Path.of("src", "main", "java");

	private static final Pattern MAP_TYPE = Pattern.compile("java\\.util\\.Map<java\\.lang\\.String,\\s*([\\w.$]+)>");

	private static final Pattern LIST_TYPE = Pattern.compile("java\\.util\\.List<([\\w.$]+)>");

	private MapEntryProperties() {
	}

	static List<JsonNode> expand(JsonNode property) {
		String type = property.path("type").asString("");
		String name = property.path("name").asString();
		Matcher map = MAP_TYPE.matcher(type);
		Matcher list = LIST_TYPE.matcher(type);
		String entry;
		String valueTypeName;
		if (map.matches()) {
			entry = name + ".<" + placeholder(name) + ">";
			valueTypeName = map.group(1);
		}
		else if (list.matches()) {
			entry = name + "[n]";
			valueTypeName = list.group(1);
		}
		else {
			return List.of();
		}
		if (!valueTypeName.startsWith("dev.perfkit.")) {
			return List.of();
		}
		List<JsonNode> rows = new ArrayList<>();
		try {
			Class<?> valueType = Class.forName(valueTypeName, false, MapEntryProperties.class.getClassLoader());
			if (valueType.isEnum()) {
				return List.of();
			}
			addFields(entry, valueType, rows);
		}
		catch (IOException | ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot describe the entries of " + name, ex);
		}
		return rows;
	}

	private static String placeholder(String mapName) {
		return mapName.endsWith("clients") ? "pattern" : "name";
	}

	private static void addFields(String prefix, Class<?> type, List<JsonNode> rows)
			throws IOException, ReflectiveOperationException {
		Object defaults = instantiate(type);
		String source = source(type);
		Matcher declaration = Pattern.compile("\\bclass\\s+" + Pattern.quote(type.getSimpleName()) + "\\b").matcher(source);
		source = declaration.find() ? source.substring(declaration.start()) : source;
		for (Field field : type.getDeclaredFields()) {
			if (Modifier.isStatic(field.getModifiers()) || field.isSynthetic()) {
				continue;
			}
			String name = prefix + "." + kebab(field.getName());
			Class<?> fieldType = field.getType();
			field.setAccessible(true);
			Object value = (defaults != null) ? field.get(defaults) : null;
			if (isNested(fieldType)) {
				addFields(name, fieldType, rows);
				continue;
			}
			Matcher list = LIST_TYPE.matcher(field.getGenericType().getTypeName().replaceAll("@\\S+ ", ""));
			if (list.matches() && list.group(1).startsWith("dev.perfkit.")) {
				Class<?> element = Class.forName(list.group(1), false, MapEntryProperties.class.getClassLoader());
				if (isNested(element)) {
					addFields(name + "[n]", element, rows);
					continue;
				}
			}
			ObjectNode row = JsonNodeFactory.instance.objectNode();
			row.put("name", name);
			row.put("type", field.getGenericType().getTypeName());
			row.put("description", javadoc(source, field.getName()));
			String shown = display(value);
			if (shown != null) {
				row.put("defaultValue", shown);
			}
			rows.add(row);
		}
	}

	private static boolean isNested(Class<?> type) {
		return type.getName().startsWith("dev.perfkit.") && !type.isEnum() && !type.isInterface()
				&& type.getDeclaringClass() != null;
	}

	private static Object instantiate(Class<?> type) {
		try {
			Constructor<?> constructor = type.getDeclaredConstructor();
			constructor.setAccessible(true);
			return constructor.newInstance();
		}
		catch (ReflectiveOperationException ex) {
			return null;
		}
	}

	private static String display(Object value) {
		if (value == null || (value instanceof Collection<?> collection && collection.isEmpty())
				|| (value instanceof Map<?, ?> map && map.isEmpty())) {
			return null;
		}
		if (value instanceof Duration duration) {
			long millis = duration.toMillis();
			for (long unit : new long[] { 3_600_000, 60_000, 1_000 }) {
				if (millis != 0 && millis % unit == 0) {
					return (millis / unit) + ((unit == 3_600_000) ? "h" : (unit == 60_000) ? "m" : "s");
				}
			}
			return millis + "ms";
		}
		if (value instanceof Enum<?> constant) {
			return constant.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
		}
		return String.valueOf(value);
	}

	/** The outermost class's source file; nested classes live in it. */
	private static String source(Class<?> type) throws IOException {
		Class<?> outer = type;
		while (outer.getDeclaringClass() != null) {
			outer = outer.getDeclaringClass();
		}
		Path file = SOURCES.resolve(outer.getName().replace('.', '/') + ".java");
		return Files.readString(file, StandardCharsets.UTF_8);
	}

	/** The Javadoc right before the field's first declaration in the class's source, as one line of prose. */
	static String javadoc(String source, String field) {
		Matcher matcher = Pattern
			.compile("/\\*\\*((?:(?!\\*/).)*)\\*/\\s*(?:@[\\w.]+(?:\\([^)]*\\))?\\s*)*private\\s+(?:final\\s+)?"
					+ "[^;=()]*?\\b" + Pattern.quote(field) + "\\s*[;=]", Pattern.DOTALL)
			.matcher(source);
		if (!matcher.find()) {
			return "";
		}
		return matcher.group(1).replaceAll("(?m)^\\s*\\*\\s?", " ")
			.replaceAll("\\{@(?:code|literal|link|linkplain)\\s+([^}]*)}", "$1")
			.replaceAll("\\s+", " ")
			.trim();
	}

	static String kebab(String camel) {
		return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
	}


}

package dev.perfkit.cache;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.NamedType;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;
import tools.jackson.databind.jsontype.TypeIdResolver;
import tools.jackson.databind.jsontype.impl.ClassNameIdResolver;
import tools.jackson.databind.jsontype.impl.DefaultTypeResolverBuilder;

import org.springframework.util.ClassUtils;

/**
 * JSON values through Jackson 3. A value is written as its class name followed by its JSON, with type information for
 * non-final and record types inside it; on the way back every class name, at the root and inside, must be trusted —
 * the boxed primitives and {@code String} of {@code java.lang}, the classes of {@code java.util}, {@code java.time} and
 * {@code java.math} (not their sub-packages), Spring Data's page types, and the packages given with their
 * sub-packages — so bytes planted in Redis cannot make the application instantiate an arbitrary class.
 * <p>
 * Objects are written by their fields, as Java serialization would, so getters that compute or convert do not change
 * what is stored. Hibernate's collections and proxies are written as the JDK collections and entities they stand for
 * when they are initialized, and refused when not. A graph with a cycle (a bidirectional association loaded both
 * ways) is refused.
 * <p>
 * <b>Fidelity rule.</b> The first value of each class is read back right after it is written and written again; if it
 * cannot be read back, or reads back different (compared as JSON trees, sets and maps in any order), the class is
 * refused: {@link #serialize} throws {@link UnsupportedCacheValueException} for it from then on, and the cache keeps
 * such values in memory only. A class whose stored value later fails to read back is refused the same way.
 *
 * @since 0.1.0
 */
public final class JacksonCacheValueSerializer implements CacheValueSerializer {

	// JDK packages whose classes (not sub-packages) are trusted; java.lang only for its value types
	private static final Set<String> JDK_PACKAGES = Set.of("java.util", "java.time", "java.math");

	private static final Set<String> JDK_LANG_TYPES = Set.of("java.lang.Object", "java.lang.String",
			"java.lang.Boolean", "java.lang.Character", "java.lang.Byte", "java.lang.Short", "java.lang.Integer",
			"java.lang.Long", "java.lang.Float", "java.lang.Double", "java.lang.Number", "java.lang.Enum");

	private static final boolean HIBERNATE_PRESENT = ClassUtils.isPresent(
			"org.hibernate.collection.spi.PersistentCollection", JacksonCacheValueSerializer.class.getClassLoader());

	private static final boolean SPRING_DATA_PRESENT = ClassUtils.isPresent("org.springframework.data.domain.PageImpl",
			JacksonCacheValueSerializer.class.getClassLoader());

	private static final String READ_FIX = "give the class a no-argument constructor or a @JsonCreator one, or cache "
			+ "a record or DTO of it, or turn the lower layers off for this cache "
			+ "(perfkit.cache.specs.<cache>.redis.enabled=false, ...sqlite.enabled=false)";

	private static final int MAX_TYPES = 10_000;

	private static final Object VERIFIED = new Object();

	private final String[] trustedPrefixes;

	private final JsonMapper mapper;

	private final ClassLoader classLoader;

	private final ConcurrentMap<Class<?>, ObjectWriter> writers = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, ObjectReader> readers = new ConcurrentHashMap<>();

	// per root class (or signature, see signature()): VERIFIED, or the UnsupportedCacheValueException it is refused with
	private final ConcurrentMap<Object, Object> fidelity = new ConcurrentHashMap<>();

	/**
	 * Creates a serializer that trusts the JDK's value packages and the given ones.
	 * @param trustedPackages packages (and their sub-packages) whose classes may be read back
	 * @param classLoader the class loader of the application's value types
	 */
	public JacksonCacheValueSerializer(Collection<String> trustedPackages, ClassLoader classLoader) {
		List<String> prefixes = new ArrayList<>();
		for (String trusted : trustedPackages) {
			if (!trusted.isBlank()) {
				prefixes.add(trusted.endsWith(".") ? trusted : trusted + ".");
			}
		}
		this.trustedPrefixes = prefixes.toArray(String[]::new);
		this.classLoader = classLoader;
		JsonMapper.Builder builder = JsonMapper.builder()
			.setDefaultTyping(new TypeResolver(new TrustedPackages()))
			.changeDefaultVisibility((visibility) -> visibility.withFieldVisibility(Visibility.ANY)
				.withGetterVisibility(Visibility.NONE)
				.withIsGetterVisibility(Visibility.NONE)
				.withSetterVisibility(Visibility.NONE))
			// an OffsetDateTime or ZonedDateTime reads back with its own offset and zone, not adjusted to UTC
			.disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
			.enable(DateTimeFeature.WRITE_DATES_WITH_ZONE_ID);
		if (SPRING_DATA_PRESENT) {
			builder.addMixIns(SpringDataValues.mixIns(classLoader));
		}
		if (HIBERNATE_PRESENT) {
			builder.addModule(HibernateValues.module());
		}
		this.mapper = builder.build();
	}

	@Override
	public byte[] serialize(Object value) {
		Object root = plainJdkCollection(HIBERNATE_PRESENT ? unwrapHibernate(value) : value);
		Class<?> type = root.getClass();
		Object signature = signature(root);
		Object state = this.fidelity.get(signature);
		if (state instanceof UnsupportedCacheValueException refused) {
			throw refused;
		}
		byte[] json;
		try {
			json = this.writers.computeIfAbsent(type, this.mapper::writerFor).writeValueAsBytes(root);
		}
		catch (RuntimeException ex) {
			throw refuse(signature, type, ex);
		}
		if (state == null) {
			verify(signature, type, root, json);
		}
		byte[] name = type.getName().getBytes(StandardCharsets.UTF_8);
		byte[] bytes = new byte[2 + name.length + json.length];
		bytes[0] = (byte) (name.length >>> 8);
		bytes[1] = (byte) name.length;
		System.arraycopy(name, 0, bytes, 2, name.length);
		System.arraycopy(json, 0, bytes, 2 + name.length, json.length);
		return bytes;
	}

	@Override
	public Object deserialize(byte[] bytes) {
		int length = ((bytes[0] & 0xFF) << 8) | (bytes[1] & 0xFF);
		String name = new String(bytes, 2, length, StandardCharsets.UTF_8);
		ObjectReader reader = this.readers.get(name);
		if (reader == null) {
			if (!isTrusted(name)) {
				throw new IllegalArgumentException("Refusing to read cached value of untrusted type " + name);
			}
			Class<?> type = ClassUtils.resolveClassName(name, this.classLoader);
			reader = this.mapper.readerFor(type);
			if (this.readers.size() < MAX_TYPES) {
				this.readers.put(name, reader);
			}
		}
		try {
			return reader.readValue(bytes, 2 + length, bytes.length - 2 - length);
		}
		catch (JacksonException ex) {
			// a value of a class that passed its first check but cannot be read back now: refuse further puts
			Class<?> type = ClassUtils.resolveClassName(name, this.classLoader);
			if (this.fidelity.get(type) == VERIFIED) {
				this.fidelity.put(type, new UnsupportedCacheValueException(name,
						"a stored value of this type could not be read back (" + brief(ex) + ")", fixFor(ex)));
			}
			throw ex;
		}
	}

	/**
	 * Whether values of a class have been refused, and why.
	 * @param type the value's class
	 * @return the refusal, or {@code null} if its values are written
	 */
	public @Nullable UnsupportedCacheValueException refusal(Class<?> type) {
		return (this.fidelity.get(type) instanceof UnsupportedCacheValueException refused) ? refused : null;
	}

	// List.of(...), Collections.unmodifiableList(...), Arrays.asList(...): their classes are JDK internals that Jackson
	// reads back as the plain collection, so the plain collection is what is written
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Object plainJdkCollection(Object value) {
		Class<?> type = value.getClass();
		if (java.lang.reflect.Modifier.isPublic(type.getModifiers()) || !type.getName().startsWith("java.util.")) {
			return value;
		}
		if (value instanceof List list) {
			return new ArrayList(list);
		}
		if (value instanceof Set set) {
			return new java.util.LinkedHashSet(set);
		}
		if (value instanceof Map map) {
			return new java.util.LinkedHashMap(map);
		}
		return value;
	}

	private static Object unwrapHibernate(Object value) {
		try {
			return HibernateValues.unwrap(value);
		}
		catch (HibernateValues.UninitializedAssociationException ex) {
			throw new UnsupportedCacheValueException(value.getClass().getName(),
					"it is " + ex.getMessage() + ", which would be stored as if it were empty", HibernateValues.FIX);
		}
	}

	/** Reads the first value of a class back, writes it again and compares; refuses the class if they differ. */
	/**
	 * What the fidelity check is done once for: the class, and for a JDK collection, map or array also the classes of
	 * its first element, key and value, so that a {@code Map<Long, ?>} is checked apart from a {@code Map<String, ?>}.
	 */
	private static Object signature(Object value) {
		if (value instanceof Collection<?> collection && value.getClass().getName().startsWith("java.")) {
			Object first = collection.isEmpty() ? null : collection.iterator().next();
			return new Signature(value.getClass(), (first != null) ? first.getClass() : null, null);
		}
		if (value instanceof Map<?, ?> map && value.getClass().getName().startsWith("java.")) {
			Map.Entry<?, ?> first = map.isEmpty() ? null : map.entrySet().iterator().next();
			Object key = (first != null) ? first.getKey() : null;
			Object firstValue = (first != null) ? first.getValue() : null;
			return new Signature(value.getClass(), (key != null) ? key.getClass() : null,
					(firstValue != null) ? firstValue.getClass() : null);
		}
		if (value instanceof Object[] array && array.length > 0 && array[0] != null) {
			return new Signature(value.getClass(), array[0].getClass(), null);
		}
		return value.getClass();
	}

	private record Signature(Class<?> type, @Nullable Class<?> first, @Nullable Class<?> second) {

		@Override
		public String toString() {
			StringBuilder out = new StringBuilder(this.type.getName());
			if (this.first != null) {
				out.append('<').append(this.first.getName());
				if (this.second != null) {
					out.append(", ").append(this.second.getName());
				}
				out.append('>');
			}
			return out.toString();
		}

	}

	private void verify(Object signature, Class<?> type, Object value, byte[] json) {
		UnsupportedCacheValueException refusal = null;
		try {
			ObjectReader reader = this.mapper.readerFor(type);
			Object back = reader.readValue(json);
			if (back == null || !sameKind(type, back.getClass())) {
				refusal = new UnsupportedCacheValueException(name(signature), "it reads back as "
						+ ((back != null) ? back.getClass().getName() : "null"), READ_FIX);
			}
			else {
				byte[] again = this.writers.computeIfAbsent(type, this.mapper::writerFor).writeValueAsBytes(back);
				JsonNode written = this.mapper.readTree(json);
				JsonNode read = this.mapper.readTree(again);
				String difference = difference(written, read, "");
				if (difference != null) {
					refusal = new UnsupportedCacheValueException(name(signature), "it reads back different at "
							+ (difference.isEmpty() ? "/" : difference) + ": written " + snippet(written.at(difference))
							+ ", read back " + snippet(read.at(difference)), READ_FIX);
				}
				else if (back.equals(reader.readValue(json)) && !value.equals(back)) {
					// equals compares values here (two reads are equal), yet the value read is not the one put:
					// what JSON cannot tell apart, such as the Long keys of a Map read back as Strings
					refusal = new UnsupportedCacheValueException(name(signature),
							"it reads back not equal to what was put (" + snippet(written) + ")", READ_FIX);
				}
			}
		}
		catch (RuntimeException ex) {
			refusal = new UnsupportedCacheValueException(name(signature),
					"it cannot be read back (" + brief(ex) + ")", fixFor(ex));
		}
		if (this.fidelity.size() < MAX_TYPES) {
			this.fidelity.put(signature, (refusal != null) ? refusal : VERIFIED);
		}
		if (refusal != null) {
			throw refusal;
		}
	}

	// List.of(...) reads back as an ArrayList, Map.of(...) as a LinkedHashMap: equal, and mutable
	private static boolean sameKind(Class<?> type, Class<?> read) {
		if (type == read) {
			return true;
		}
		if (!type.getName().startsWith("java.util.") || !read.getName().startsWith("java.util.")) {
			return false;
		}
		for (Class<?> kind : List.of(List.class, Set.class, Map.class)) {
			if (kind.isAssignableFrom(type)) {
				return kind.isAssignableFrom(read);
			}
		}
		return false;
	}

	private static String name(Object signature) {
		return (signature instanceof Class<?> type) ? type.getName() : signature.toString();
	}

	private UnsupportedCacheValueException refuse(Object signature, Class<?> type, RuntimeException ex) {
		UnsupportedCacheValueException refusal;
		Throwable uninitialized = cause(ex, HibernateValues.UninitializedAssociationException.class);
		if (uninitialized == null) {
			// a lazy association Jackson reached before our check did (no session to load it from)
			uninitialized = causeNamed(ex, "org.hibernate.LazyInitializationException");
		}
		if (uninitialized != null) {
			// the state of this value, not of its type: the next value of the type may be loaded whole
			String what = (uninitialized instanceof HibernateValues.UninitializedAssociationException)
					? uninitialized.getMessage() : "an uninitialized lazy association (" + brief(uninitialized) + ")";
			return new UnsupportedCacheValueException(name(signature),
					"it holds " + what + ", which would be stored as if it were empty", HibernateValues.FIX);
		}
		else if (String.valueOf(ex.getMessage()).contains("nesting depth")) {
			refusal = new UnsupportedCacheValueException(name(signature),
					"it holds a cycle of references (such as a bidirectional association loaded both ways)",
					"cache a record or DTO without the back reference, or mark the back reference @JsonIgnore");
		}
		else {
			refusal = new UnsupportedCacheValueException(name(signature),
					"it cannot be written (" + brief(ex) + ")", READ_FIX);
		}
		if (this.fidelity.size() < MAX_TYPES) {
			this.fidelity.put(signature, refusal);
		}
		return refusal;
	}

	private String fixFor(RuntimeException ex) {
		String message = String.valueOf(ex.getMessage());
		if (message.contains("untrusted") || message.contains("not allowed") || message.contains("denied")) {
			return "add the package of the named class to perfkit.cache.trusted-packages";
		}
		return READ_FIX;
	}

	private static @Nullable Throwable cause(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable current = ex; current != null; current = current.getCause()) {
			if (type.isInstance(current)) {
				return current;
			}
		}
		return null;
	}

	private static String snippet(JsonNode node) {
		String text = node.toString();
		return (text.length() > 120) ? text.substring(0, 120) + "..." : text;
	}

	private static @Nullable Throwable causeNamed(Throwable ex, String className) {
		for (Throwable current = ex; current != null; current = current.getCause()) {
			if (current.getClass().getName().equals(className)) {
				return current;
			}
		}
		return null;
	}

	// Jackson's messages carry the whole reference chain: the first line is enough for a log
	private static String brief(Throwable ex) {
		String message = String.valueOf(ex.getMessage());
		int end = message.indexOf('\n');
		if (end > 0) {
			message = message.substring(0, end);
		}
		return (message.length() > 300) ? message.substring(0, 300) + "..." : message;
	}

	/**
	 * The first path where two trees differ, or {@code null}; object ids are ignored, object fields compared in any
	 * order, and the elements of sets and the entries of maps in any order.
	 */
	private @Nullable String difference(JsonNode a, JsonNode b, String path) {
		return canonical(a).equals(canonical(b)) ? null : firstDifference(a, b, path);
	}

	private String firstDifference(JsonNode a, JsonNode b, String path) {
		if (a.isObject() && b.isObject()) {
			for (Map.Entry<String, JsonNode> field : a.properties()) {
				JsonNode other = b.get(field.getKey());
				if (!field.getKey().equals("@id")
						&& (other == null || !canonical(field.getValue()).equals(canonical(other)))) {
					return (other == null) ? path + "/" + field.getKey()
							: firstDifference(field.getValue(), other, path + "/" + field.getKey());
				}
			}
		}
		if (a.isArray() && b.isArray() && a.size() == b.size() && !isSetWrapper(a)) {
			for (int i = 0; i < a.size(); i++) {
				if (!canonical(a.get(i)).equals(canonical(b.get(i)))) {
					return firstDifference(a.get(i), b.get(i), path + "/" + i);
				}
			}
		}
		return path;
	}

	private String canonical(JsonNode node) {
		StringBuilder out = new StringBuilder();
		canonical(node, out);
		return out.toString();
	}

	private void canonical(JsonNode node, StringBuilder out) {
		if (node.isObject()) {
			TreeMap<String, String> fields = new TreeMap<>();
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				if (field.getKey().equals("@class") && isJdkMap(field.getValue().asString())) {
					// Map.of(...) reads back as a LinkedHashMap: equal
					fields.put("@class", "Map");
				}
				else if (!field.getKey().equals("@id")) {
					fields.put(field.getKey(), canonical(field.getValue()));
				}
			}
			out.append(fields);
		}
		else if (node.isArray()) {
			if (isSetWrapper(node)) {
				List<String> elements = new ArrayList<>();
				for (JsonNode element : node.get(1)) {
					elements.add(canonical(element));
				}
				elements.sort(null);
				out.append("[Set,").append(elements).append(']');
			}
			else if (isListWrapper(node)) {
				// List.of(...) reads back as an ArrayList: equal, and what Spring's own serializers do too
				out.append("[List,");
				canonical(node.get(1), out);
				out.append(']');
			}
			else {
				out.append('[');
				Iterator<JsonNode> elements = node.iterator();
				while (elements.hasNext()) {
					canonical(elements.next(), out);
					out.append(',');
				}
				out.append(']');
			}
		}
		else {
			out.append(node);
		}
	}

	private boolean isJdkMap(String name) {
		if (!name.startsWith("java.util.") || !isTrusted(name)) {
			return false;
		}
		try {
			return Map.class.isAssignableFrom(ClassUtils.forName(name, this.classLoader));
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	// a set written with its type: ["java.util.HashSet", [ ... ]]
	private boolean isSetWrapper(JsonNode node) {
		return isWrapperOf(node, Set.class);
	}

	// a JDK list written with its type: ["java.util.ArrayList", [ ... ]]
	private boolean isListWrapper(JsonNode node) {
		return isWrapperOf(node, List.class) && node.get(0).asString().startsWith("java.util.");
	}

	private boolean isWrapperOf(JsonNode node, Class<?> kind) {
		if (node.size() != 2 || !node.get(0).isString() || !node.get(1).isArray()) {
			return false;
		}
		String name = node.get(0).asString();
		if (!isTrusted(name)) {
			return false;
		}
		try {
			return kind.isAssignableFrom(ClassUtils.forName(name, this.classLoader));
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	boolean isTrusted(String className) {
		String name = className;
		while (name.startsWith("[")) {
			name = name.substring(1);
		}
		if (name.length() == 1) {
			return true; // primitive array
		}
		if (name.startsWith("L") && name.endsWith(";")) {
			name = name.substring(1, name.length() - 1);
		}
		if (JDK_LANG_TYPES.contains(name)) {
			return true;
		}
		int lastDot = name.lastIndexOf('.');
		if (lastDot > 0 && JDK_PACKAGES.contains(name.substring(0, lastDot))) {
			return true;
		}
		if (SPRING_DATA_PRESENT && SpringDataValues.TRUSTED_TYPES.contains(name)) {
			return true;
		}
		for (String prefix : this.trustedPrefixes) {
			if (name.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String toString() {
		return "JacksonCacheValueSerializer" + Arrays.toString(this.trustedPrefixes);
	}

	/**
	 * Default typing of non-final and record types, whose type ids name an initialized Hibernate collection by the JDK
	 * collection it is written as, and an initialized proxy by its entity class.
	 */
	private static final class TypeResolver extends DefaultTypeResolverBuilder {

		private static final long serialVersionUID = 1L;

		TypeResolver(PolymorphicTypeValidator validator) {
			super(validator, DefaultTyping.NON_FINAL_AND_RECORDS, JsonTypeInfo.As.PROPERTY);
		}

		private TypeResolver(TypeResolver base, Class<?> defaultImpl) {
			super(base, defaultImpl);
		}

		@Override
		public DefaultTypeResolverBuilder withDefaultImpl(Class<?> defaultImpl) {
			return new TypeResolver(this, defaultImpl);
		}

		@Override
		protected TypeIdResolver idResolver(DatabindContext context, JavaType baseType,
				PolymorphicTypeValidator validator, Collection<NamedType> subtypes, boolean forSerialization,
				boolean forDeserialization) {
			TypeIdResolver resolver = super.idResolver(context, baseType, validator, subtypes, forSerialization,
					forDeserialization);
			if (HIBERNATE_PRESENT && forSerialization && !forDeserialization
					&& resolver.getClass() == ClassNameIdResolver.class) {
				return new ClassNameIdResolver(baseType, subtypes, validator) {

					private static final long serialVersionUID = 1L;

					@Override
					public String idFromValue(DatabindContext ctxt, Object value) {
						return idFromValueAndType(ctxt, value, HibernateValues.writtenClass(value));
					}

				};
			}
			return resolver;
		}

	}

	/** Lets Jackson resolve a polymorphic type id only when it names a trusted class. */
	private final class TrustedPackages extends PolymorphicTypeValidator.Base {

		@Override
		public Validity validateBaseType(DatabindContext context, JavaType baseType) {
			return Validity.INDETERMINATE;
		}

		@Override
		public Validity validateSubClassName(DatabindContext context, JavaType baseType, String subClassName) {
			return isTrusted(subClassName) ? Validity.ALLOWED : Validity.DENIED;
		}

		@Override
		public Validity validateSubType(DatabindContext context, JavaType baseType, JavaType subType) {
			return isTrusted(subType.getRawClass().getName()) ? Validity.ALLOWED : Validity.DENIED;
		}

	}

}

package dev.perfkit.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.hibernate.collection.spi.PersistentCollection;
import org.hibernate.proxy.HibernateProxy;
import org.hibernate.proxy.LazyInitializer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.SerializationConfig;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.ser.ValueSerializerModifier;
import tools.jackson.databind.type.CollectionType;
import tools.jackson.databind.type.MapType;
import tools.jackson.databind.jsontype.TypeSerializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * How Hibernate's own value types are written: an initialized {@code PersistentBag}/{@code PersistentSet}/... as the
 * plain JDK collection it stands for, an initialized proxy as its entity; an uninitialized lazy collection or proxy is
 * refused, never written as empty. Loaded only when Hibernate is on the class path.
 */
final class HibernateValues {

	static final String FIX = "fetch the association before the value is cached (a fetch join, an @EntityGraph or "
			+ "Hibernate.initialize in the cached method), or cache a DTO or record instead";

	private HibernateValues() {
	}

	static SimpleModule module() {
		SimpleModule module = new SimpleModule("perfkit-hibernate-values");
		module.setSerializerModifier(new InitializedCollectionsOnly());
		module.addSerializer(HibernateProxy.class, new ProxySerializer());
		return module;
	}

	/** The value to write in place of a root value, which may be a proxy or a persistent collection itself. */
	static Object unwrap(Object value) {
		if (value instanceof HibernateProxy proxy) {
			return implementation(proxy);
		}
		if (value instanceof PersistentCollection<?> collection) {
			return plain(collection);
		}
		return value;
	}

	/** The class a value's type id names: what an initialized collection or proxy is written as. */
	static Class<?> writtenClass(Object value) {
		if (value instanceof HibernateProxy proxy) {
			return proxy.getHibernateLazyInitializer().getPersistentClass();
		}
		if (value instanceof PersistentCollection<?>) {
			if (value instanceof SortedSet) {
				return TreeSet.class;
			}
			if (value instanceof Set) {
				return LinkedHashSet.class;
			}
			if (value instanceof SortedMap) {
				return TreeMap.class;
			}
			return (value instanceof Map) ? LinkedHashMap.class : ArrayList.class;
		}
		return value.getClass();
	}

	private static Object implementation(HibernateProxy proxy) {
		LazyInitializer initializer = proxy.getHibernateLazyInitializer();
		if (initializer.isUninitialized()) {
			throw new UninitializedAssociationException("an uninitialized lazy reference to "
					+ initializer.getEntityName() + "#" + initializer.getIdentifier());
		}
		return initializer.getImplementation();
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Object plain(PersistentCollection<?> collection) {
		if (!collection.wasInitialized()) {
			throw new UninitializedAssociationException("an uninitialized lazy collection " + collection.getRole());
		}
		if (collection instanceof SortedSet sorted) {
			TreeSet copy = new TreeSet(sorted.comparator());
			copy.addAll(sorted);
			return copy;
		}
		if (collection instanceof Set set) {
			return new LinkedHashSet(set);
		}
		if (collection instanceof SortedMap sorted) {
			TreeMap copy = new TreeMap(sorted.comparator());
			copy.putAll(sorted);
			return copy;
		}
		if (collection instanceof Map map) {
			return new LinkedHashMap(map);
		}
		if (collection instanceof Collection plain) {
			return new ArrayList(plain);
		}
		throw new UninitializedAssociationException("an unknown Hibernate collection " + collection.getClass());
	}

	/** A lazy association that is not loaded; never written as if it were empty. */
	static final class UninitializedAssociationException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		UninitializedAssociationException(String message) {
			super(message);
		}

	}

	/** Jackson's own serializer of a persistent collection, once it is known to be initialized. */
	private static final class InitializedCollectionsOnly extends ValueSerializerModifier {

		private static final long serialVersionUID = 1L;

		@Override
		public ValueSerializer<?> modifyCollectionSerializer(SerializationConfig config, CollectionType type,
				BeanDescription.Supplier description, ValueSerializer<?> serializer) {
			return PersistentCollection.class.isAssignableFrom(type.getRawClass()) ? new Initialized(serializer)
					: serializer;
		}

		@Override
		public ValueSerializer<?> modifyMapSerializer(SerializationConfig config, MapType type,
				BeanDescription.Supplier description, ValueSerializer<?> serializer) {
			return PersistentCollection.class.isAssignableFrom(type.getRawClass()) ? new Initialized(serializer)
					: serializer;
		}

	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static final class Initialized extends StdSerializer<Object> {

		private final ValueSerializer delegate;

		Initialized(ValueSerializer<?> delegate) {
			super(Object.class);
			this.delegate = delegate;
		}

		@Override
		public ValueSerializer<?> createContextual(SerializationContext context, BeanProperty property) {
			ValueSerializer<?> contextual = context.handleSecondaryContextualization(this.delegate, property);
			return (contextual == this.delegate) ? this : new Initialized(contextual);
		}

		@Override
		public boolean isEmpty(SerializationContext context, Object value) {
			return this.delegate.isEmpty(context, value);
		}

		@Override
		public void serialize(Object value, JsonGenerator gen, SerializationContext context) {
			check((PersistentCollection<?>) value);
			this.delegate.serialize(value, gen, context);
		}

		@Override
		public void serializeWithType(Object value, JsonGenerator gen, SerializationContext context,
				TypeSerializer typeSerializer) {
			check((PersistentCollection<?>) value);
			this.delegate.serializeWithType(value, gen, context, typeSerializer);
		}

		private static void check(PersistentCollection<?> collection) {
			if (!collection.wasInitialized()) {
				throw new UninitializedAssociationException(
						"an uninitialized lazy collection " + collection.getRole());
			}
		}

	}

	private static final class ProxySerializer extends StdSerializer<HibernateProxy> {

		ProxySerializer() {
			super(HibernateProxy.class);
		}

		@Override
		public void serialize(HibernateProxy value, JsonGenerator gen, SerializationContext context) {
			Object entity = implementation(value);
			context.findValueSerializer(entity.getClass()).serialize(entity, gen, context);
		}

		@Override
		public void serializeWithType(HibernateProxy value, JsonGenerator gen, SerializationContext context,
				TypeSerializer typeSerializer) {
			Object entity = implementation(value);
			context.findValueSerializer(entity.getClass()).serializeWithType(entity, gen, context, typeSerializer);
		}

	}

}

package org.springframework.samples.petclinic;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.hibernate.collection.spi.PersistentBag;
import org.hibernate.collection.spi.PersistentSet;
import org.hibernate.proxy.HibernateProxy;
import org.hibernate.stat.Statistics;
import org.assertj.core.api.recursive.comparison.ComparingFields;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonIntrospectionStrategy;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.cache.interceptor.SimpleKey;
import org.springframework.context.annotation.Bean;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.samples.petclinic.owner.OwnerRepository;
import org.springframework.samples.petclinic.owner.OwnerService;
import org.springframework.samples.petclinic.owner.Pet;
import org.springframework.samples.petclinic.owner.PetRepository;
import org.springframework.samples.petclinic.owner.PetType;
import org.springframework.samples.petclinic.vet.VetService;
import org.springframework.samples.petclinic.vet.VetStatistics;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.perfkit.cache.CacheLayer;
import dev.perfkit.cache.LayeredCache;
import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.test.RedisLocator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The value-fidelity corpus on the clinic with real Hibernate, Redis (L2) and a SQLite file (L3): every value is
 * either served from L2 and from L3, equal to what was put and without calling its loader, or refused at its first put
 * and listed as refused. The same corpus through Spring Data Redis's JSON serializer, for the table in docs/layered-cache.md.
 */
abstract class ValueFidelityTestSupport {

	@Autowired
	private LayeredCacheManager cacheManager;

	@Autowired
	private EntityManagerFactory entityManagerFactory;

	@Autowired
	private VetService vets;

	@Autowired
	private OwnerService owners;

	@Autowired
	private CorpusService corpus;

	@DynamicPropertySource
	static void layers(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.url", () -> RedisLocator.locate().url());
		registry.add("perfkit.cache.redis.enabled", () -> "true");
		registry.add("perfkit.cache.sqlite.path", () -> Path
			.of("target", "test-caches", UUID.randomUUID().toString(), "cache.db")
			.toAbsolutePath()
			.toString());
		registry.add("spring.jpa.properties.hibernate.generate_statistics", () -> "true");
	}

	/**
	 * A Redis key prefix of its own for each test class (registered by each, as {@code perfkit.cache.redis.key-prefix}),
	 * so that the H2 and PostgreSQL contexts, which may share one JVM, never read each other's entries.
	 * @param database the database of the test class
	 * @return the prefix
	 */
	static String keyPrefix(String database) {
		return "perfkit-jpa-fidelity-" + database + "-" + UUID.randomUUID() + ":";
	}

	/** The rows of the table in docs/layered-cache.md, in order. */
	abstract String database();

	@Test
	void everyCachedValueIsServedFromRedisAndSqliteEqualOrWasRefusedLoudly() {
		List<Case> cases = corpus();
		StringBuilder table = new StringBuilder("| value cached | Perfkit (L2 Redis, L3 SQLite) | "
				+ "Spring Data Redis `GenericJacksonJsonRedisSerializer` (`RedisSerializer.json()`) |\n| --- | --- | --- |\n");
		List<String> failures = new ArrayList<>();
		for (Case c : cases) {
			String perfkit;
			try {
				perfkit = perfkit(c);
			}
			catch (AssertionError ex) {
				failures.add(ex.getMessage());
				perfkit = "FAILED: " + brief(ex);
			}
			String springDataRedis = springDataRedis(c);
			table.append("| ").append(c.name()).append(" | ").append(perfkit).append(" | ").append(springDataRedis)
				.append(" |\n");
		}
		System.out.println("Value fidelity on " + database() + ":\n" + table);
		assertThat(failures).as("values neither served equal from Redis and SQLite nor refused").isEmpty();
		writeTable(table.toString());
	}

	void writeTable(String table) {
		// overridden where that table is checked
	}

	private String perfkit(Case c) {
		Object original = c.call().get();
		LayeredCache cache = this.cacheManager.getLayeredCache(c.cache());
		assertThat(cache).as(c.name()).isNotNull();
		Map<String, String> refused = cache.getStatistics().getRefusedTypes();
		String refusal = refused.isEmpty() ? null : refused.values().iterator().next();
		if (refusal != null) {
			assertThat(redis().get(c.cache(), c.id())).as(c.name() + " not in Redis").isNull();
			return "refused at first put, kept in L1: " + refusal.substring(0, refusal.indexOf(';')).replace('|', '/');
		}
		// what must never be stored: an uninitialized association, a value that reads back different
		assertThat(c.mustBeRefused()).as(c.name() + " should have been refused").isFalse();
		Object fromRedis = readAfterL1Cleared(c, cache, "redis");
		assertEqual(c.name() + " from Redis", fromRedis, original);
		redis().evict(c.cache(), c.id());
		Object fromSqlite = readAfterL1Cleared(c, cache, "sqlite");
		assertEqual(c.name() + " from SQLite", fromSqlite, original);
		return "round-trips (L2 and L3)";
	}

	private Object readAfterL1Cleared(Case c, LayeredCache cache, String layer) {
		long maximum = cache.policy().getMemoryMaximumSize();
		cache.policy().setMemoryMaximumSize(0);
		cache.policy().setMemoryMaximumSize(maximum);
		assertThat(cache.policy().isInMemory(c.id())).isFalse();
		Statistics statistics = this.entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
		long statements = statistics.getPrepareStatementCount();
		long hits = cache.getStatistics().getHits(layer);
		Object value = c.call().get();
		assertThat(statistics.getPrepareStatementCount()).as(c.name() + ": loader not called").isEqualTo(statements);
		assertThat(cache.getStatistics().getHits(layer)).as(c.name() + " served by " + layer).isEqualTo(hits + 1);
		return value;
	}

	private String springDataRedis(Case c) {
		Object original = unwrapOptional(c.call().get());
		RedisSerializer<Object> json = RedisSerializer.json();
		byte[] bytes;
		try {
			bytes = json.serialize(original);
		}
		catch (RuntimeException ex) {
			return "fails to write: " + brief(ex);
		}
		Object back;
		try {
			back = json.deserialize(bytes);
		}
		catch (RuntimeException ex) {
			return "fails to read back: " + brief(ex);
		}
		try {
			assertEqual(c.name(), back, original);
			return "round-trips";
		}
		catch (AssertionError ex) {
			return "reads back different (" + ((back != null) ? back.getClass().getSimpleName() : "null") + ")";
		}
	}

	private static void assertEqual(String what, Object actual, Object expected) {
		assertThat(unwrapOptional(actual)).as(what)
			.usingRecursiveComparison()
			.withIntrospectionStrategy(HibernateTypes.UNPROXIED_FIELDS)
			.ignoringCollectionOrder()
			.withEqualsForType((a, b) -> a.compareTo(b) == 0 && a.scale() == b.scale(), BigDecimal.class)
			.isEqualTo(HibernateTypes.plain(unwrapOptional(expected)));
	}

	private static Object unwrapOptional(Object value) {
		return (value instanceof Optional<?> optional) ? optional.orElse(null) : value;
	}

	private static String brief(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = root.getClass().getSimpleName() + ": " + String.valueOf(root.getMessage());
		message = message.replace('|', '/').replace('\n', ' ').replace("`", "");
		return (message.length() > 90) ? message.substring(0, 90) + "…" : message;
	}

	private CacheLayer redis() {
		return this.cacheManager.getLayers().stream().filter((layer) -> layer.name().equals("redis")).findFirst()
			.orElseThrow();
	}

	private List<Case> corpus() {
		Pet pet = new Pet("Leo", LocalDate.of(2020, 5, 1), PetType.CAT, new BigDecimal("4.20"), null);
		List<Case> cases = new ArrayList<>();
		cases.add(new Case("entity with an **uninitialized** lazy collection", "ownersWithoutPets", 3,
				() -> this.corpus.ownerWithoutPets(3), true));
		cases.add(new Case("entity with an **uninitialized** lazy proxy", "petsWithLazyOwner", 2,
				() -> this.corpus.petWithLazyOwner(2), true));
		cases.add(direct("new entity (no id, no persistence context)", pet, false));
		cases.add(new Case("entity with a lazy `@ManyToMany` `Set` loaded (`PersistentSet`)", "vet", 1,
				() -> this.vets.vet(1), false));
		cases.add(new Case("entity with a `@OneToMany` `List` loaded (`PersistentBag`), pets pointing back", "owners",
				1, () -> this.owners.owner(1), false));
		cases.add(new Case("`List` of entities", "vets", SimpleKey.EMPTY, this.vets::allVets, false));
		cases.add(new Case("`Set` of entities", "specialties", SimpleKey.EMPTY, this.vets::specialties, false));
		cases.add(new Case("`Page` of entities (`PageImpl`, sorted `PageRequest`)", "vetPages", new SimpleKey(1, 4),
				() -> this.vets.vetPage(1, 4), false));
		cases.add(new Case("`Slice` of entities (`SliceImpl`)", "vetSlices", new SimpleKey(0, 4),
				() -> this.vets.vetSlice(0, 4), false));
		cases.add(new Case("record with `BigDecimal`, `Map`, `Instant`", "vetStatistics", SimpleKey.EMPTY,
				this.vets::statistics, false));
		cases.add(new Case("`Optional` of an entity (Spring caches its content)", "vetsByLastName", "Carter",
				() -> this.vets.vetByLastName("Carter"), false));
		cases.add(new Case("initialized proxy in an entity (lazy `@ManyToOne`)", "petsWithOwner", 1,
				() -> this.corpus.petWithOwner(1), false));
		cases.add(new Case("initialized proxy itself (`getReferenceById`)", "ownerReferences", 2,
				() -> this.corpus.ownerReference(2), false));
		cases.add(direct("enum", PetType.DOG, false));
		cases.add(direct("`ZonedDateTime`, `LocalDate`, `Duration`",
				new ArrayList<>(List.of(ZonedDateTime.of(2025, 3, 30, 1, 30, 0, 0, ZoneId.of("Europe/Paris")),
						LocalDate.of(2025, 1, 1), Duration.ofMinutes(90))), false));
		cases.add(direct("`BigDecimal` with its scale", new BigDecimal("40.00"), false));
		cases.add(direct("`int[]` and `String[]`", new Object[] { new int[] { 1, 2 }, new String[] { "a" } }, false));
		cases.add(direct("`Map<String, List<record>>`", new HashMap<>(Map.of("x", List.of(new VetStatistics(1,
				BigDecimal.ONE, Map.of("surgery", 1L), Instant.parse("2025-01-01T00:00:00Z"))))), false));
		cases.add(direct("`Map<Long, String>` (non-String keys)", new HashMap<>(Map.of(1L, "one")), true));
		cases.add(direct("`LinkedHashSet<UUID>`", new LinkedHashSet<>(Set.of(new UUID(1, 2))), false));
		cases.add(direct("`Page` built by hand (`new PageImpl<>(list)`, unpaged)",
				new PageImpl<>(List.of("a", "b")), false));
		return cases;
	}

	private Case direct(String name, Object value, boolean mustBeRefused) {
		// a cache per value, so that a refusal is told apart from the others'
		String cache = "corpus-" + Integer.toHexString(name.hashCode());
		String key = "value";
		return new Case(name, cache, key, () -> {
			LayeredCache layered = (LayeredCache) this.cacheManager.getCache(cache);
			org.springframework.cache.Cache.ValueWrapper wrapper = layered.get(key);
			if (wrapper != null) {
				return wrapper.get();
			}
			layered.put(key, value);
			return value;
		}, mustBeRefused);
	}

	record Case(String name, String cache, Object key, Supplier<Object> call, boolean mustBeRefused) {

		String id() {
			return (key() instanceof String string) ? string : String.valueOf(key());
		}

	}

	/** Hibernate's wrappers as the plain values they stand for, for comparisons. */
	static final class HibernateTypes {

		// a proxy's own fields are empty: compare the entity it stands for
		static final RecursiveComparisonIntrospectionStrategy UNPROXIED_FIELDS = new RecursiveComparisonIntrospectionStrategy() {

			@Override
			public Set<String> getChildrenNodeNamesOf(Object node) {
				return ComparingFields.COMPARING_FIELDS.getChildrenNodeNamesOf(plain(node));
			}

			@Override
			public Object getChildNodeValue(String name, Object instance) {
				return plain(ComparingFields.COMPARING_FIELDS.getChildNodeValue(name, plain(instance)));
			}

		};

		static String rootClass(Object value) {
			Object plain = unwrapOptional(value);
			if (plain instanceof HibernateProxy proxy) {
				return proxy.getHibernateLazyInitializer().getPersistentClass().getName();
			}
			return plain.getClass().getName();
		}

		static Object plain(Object value) {
			if (value == null) {
				return null;
			}
			if (value instanceof HibernateProxy proxy) {
				return proxy.getHibernateLazyInitializer().getImplementation();
			}
			if (value instanceof PersistentBag<?> bag) {
				return new ArrayList<>(bag);
			}
			if (value instanceof PersistentSet<?> set) {
				return new LinkedHashSet<>(set);
			}
			return value;
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Corpus {

		@Bean
		CorpusService corpusService(OwnerRepository owners, PetRepository pets) {
			return new CorpusService(owners, pets);
		}

	}

}

package dev.perfkit.cache;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.persistence.Entity;
import org.hibernate.collection.spi.PersistentBag;
import org.hibernate.collection.spi.PersistentSet;
import org.junit.jupiter.api.Test;

import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.SliceImpl;
import org.springframework.data.domain.Sort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ValueFidelityTests {

	private final JacksonCacheValueSerializer serializer = new JacksonCacheValueSerializer(List.of("dev.perfkit.cache"),
			getClass().getClassLoader());

	@Test
	void roundTripsTheValueShapesSpringApplicationsCache() {
		Map<String, Object> corpus = new LinkedHashMap<>();
		corpus.put("record", new Money(new BigDecimal("12.50"), Currency.EUR));
		corpus.put("enum", Currency.USD);
		corpus.put("java.time", OffsetDateTime.of(2025, 3, 1, 10, 15, 30, 123_000_000, ZoneOffset.ofHours(2)));
		corpus.put("BigDecimal scale", new BigDecimal("40.00"));
		corpus.put("Optional", Optional.of(new Money(BigDecimal.ONE, Currency.USD)));
		corpus.put("int[]", new int[] { 1, 2, 3 });
		corpus.put("String[]", new String[] { "a", "b" });
		corpus.put("record[]", new Money[] { new Money(BigDecimal.TEN, Currency.EUR) });
		corpus.put("HashMap<String, record>", new HashMap<>(Map.of("a", new Money(BigDecimal.ONE, Currency.EUR))));
		corpus.put("TreeMap<String, Long>", new TreeMap<>(Map.of("x", 1L, "y", 2L)));
		corpus.put("HashSet<UUID>", new HashSet<>(Set.of(UUID.randomUUID(), UUID.randomUUID())));
		corpus.put("List<record>", new ArrayList<>(List.of(new Money(BigDecimal.ONE, Currency.EUR))));
		corpus.put("immutable List", List.of(LocalDate.of(2025, 1, 1)));
		corpus.put("PageImpl", new PageImpl<>(List.of(new Money(BigDecimal.ONE, Currency.EUR)),
				PageRequest.of(2, 1, Sort.by(Sort.Order.desc("amount").ignoreCase())), 10));
		corpus.put("PageImpl unpaged", new PageImpl<>(List.of("a", "b")));
		corpus.put("SliceImpl", new SliceImpl<>(List.of(1L, 2L), PageRequest.of(0, 2), true));
		for (Map.Entry<String, Object> entry : corpus.entrySet()) {
			Object back = this.serializer.deserialize(this.serializer.serialize(entry.getValue()));
			assertThat(back).as(entry.getKey()).isEqualTo(entry.getValue());
		}
	}

	@Test
	void roundTripsAnEntityGraphWithSharedEntities() {
		Customer customer = new Customer(7, "Ada");
		Order order = new Order(1, customer, new BigDecimal("9.99"));
		List<Order> orders = new ArrayList<>(List.of(order, new Order(2, customer, new BigDecimal("1.00"))));
		@SuppressWarnings("unchecked")
		List<Order> back = (List<Order>) this.serializer.deserialize(this.serializer.serialize(orders));
		assertThat(back).usingRecursiveComparison().isEqualTo(orders);
	}

	@Test
	void refusesAnEntityGraphWithACycle() {
		Customer customer = new Customer(7, "Ada");
		customer.orders.add(new Order(1, customer, new BigDecimal("9.99")));
		assertThatExceptionOfType(UnsupportedCacheValueException.class)
			.isThrownBy(() -> this.serializer.serialize(customer))
			.withMessageContaining("cycle of references")
			.withMessageContaining("@JsonIgnore");
	}

	@Test
	void roundTripsImmutableJdkCollectionsInsideValuesAsEqualOnes() {
		Map<String, Object> value = new HashMap<>(Map.of("x", List.of(new Money(BigDecimal.ONE, Currency.EUR)),
				"y", Map.of("k", 1L)));
		assertThat(this.serializer.deserialize(this.serializer.serialize(value))).isEqualTo(value);
	}

	@Test
	void refusesAnUninitializedHibernateCollection() {
		Basket basket = new Basket();
		basket.items = new PersistentBag<>();
		assertThatExceptionOfType(UnsupportedCacheValueException.class)
			.isThrownBy(() -> this.serializer.serialize(basket))
			.withMessageContaining("uninitialized lazy collection");
		assertThat(this.serializer.refusal(Basket.class)).as("the next basket may be loaded whole").isNull();
		Basket other = new Basket();
		other.tags = new PersistentSet<>();
		assertThatExceptionOfType(UnsupportedCacheValueException.class)
			.isThrownBy(() -> this.serializer.serialize(other))
			.withMessageContaining("uninitialized lazy collection");
	}

	@Test
	void readsFieldsNotGetters() {
		Tagged tagged = new Tagged();
		tagged.tags.add("b");
		tagged.tags.add("a");
		Tagged back = (Tagged) this.serializer.deserialize(this.serializer.serialize(tagged));
		assertThat(back.tags).isEqualTo(tagged.tags);
	}

	@Test
	void refusesATypeThatCannotBeReadBackAtItsFirstPutAndEveryPutAfter() {
		assertThatExceptionOfType(UnsupportedCacheValueException.class)
			.isThrownBy(() -> this.serializer.serialize(new NoCreator("x")))
			.satisfies((ex) -> assertThat(ex.getValueType()).isEqualTo(NoCreator.class.getName()))
			.withMessageContaining("cannot be read back")
			.withMessageContaining("fix:");
		assertThatExceptionOfType(UnsupportedCacheValueException.class)
			.isThrownBy(() -> this.serializer.serialize(new NoCreator("y")));
		assertThat(this.serializer.refusal(NoCreator.class)).isNotNull();
	}

	@Test
	void refusesAnEnumMapAtTheRootWhoseKeyTypeCannotBeKnown() {
		assertThatExceptionOfType(UnsupportedCacheValueException.class)
			.isThrownBy(() -> this.serializer.serialize(new EnumMap<>(Map.of(Currency.EUR, 3))));
	}

	@Test
	void refusesATypeThatReadsBackDifferent() {
		assertThatExceptionOfType(UnsupportedCacheValueException.class)
			.isThrownBy(() -> this.serializer.serialize(new HashMap<>(Map.of(1L, "one"))))
			.withMessageContaining("reads back not equal");
	}

	@Test
	void refusesANestedTypeOutsideTheTrustedPackagesAtPut() {
		Map<String, Object> map = new HashMap<>();
		map.put("page", PageRequest.of(0, 1));
		map.put("thread", new java.util.concurrent.atomic.AtomicLong(3));
		assertThatExceptionOfType(UnsupportedCacheValueException.class)
			.isThrownBy(() -> this.serializer.serialize(map));
	}

	enum Currency {

		EUR, USD

	}

	record Money(BigDecimal amount, Currency currency) {
	}

	@Entity
	static class Customer {

		Integer id;

		String name;

		List<Order> orders = new ArrayList<>();

		Customer() {
		}

		Customer(Integer id, String name) {
			this.id = id;
			this.name = name;
		}

	}

	@Entity
	static class Order {

		Integer id;

		Customer customer;

		BigDecimal total;

		Instant at = Instant.parse("2025-01-01T00:00:00Z");

		Order() {
		}

		Order(Integer id, Customer customer, BigDecimal total) {
			this.id = id;
			this.customer = customer;
			this.total = total;
		}

	}

	@Entity
	static class Basket {

		List<String> items;

		Set<String> tags;

	}

	static class Tagged {

		Set<String> tags = new HashSet<>();

		// a getter converting the field: written by field, it does not matter
		public List<String> getTags() {
			return this.tags.stream().sorted().toList();
		}

	}

	static final class NoCreator {

		private final String value;

		NoCreator(String value, int ignored) {
			this.value = value;
		}

		NoCreator(String value) {
			this(value, 0);
		}

	}

}

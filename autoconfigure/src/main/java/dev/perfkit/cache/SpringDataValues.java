package dev.perfkit.cache;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.SliceImpl;
import org.springframework.data.domain.Sort;

/**
 * How Spring Data's page types are rebuilt: creators for {@code PageImpl}, {@code SliceImpl}, {@code PageRequest},
 * {@code Sort} and its orders, and the unpaged request, all of which are trusted. Loaded only when Spring Data Commons
 * is on the class path.
 */
final class SpringDataValues {

	static final Set<String> TRUSTED_TYPES = Set.of("org.springframework.data.domain.PageImpl",
			"org.springframework.data.domain.SliceImpl", "org.springframework.data.domain.PageRequest",
			"org.springframework.data.domain.Sort", "org.springframework.data.domain.Sort$Order",
			"org.springframework.data.domain.Sort$Direction", "org.springframework.data.domain.Sort$NullHandling",
			"org.springframework.data.domain.Unpaged");

	private SpringDataValues() {
	}

	static Map<Class<?>, Class<?>> mixIns(ClassLoader classLoader) {
		Class<?> unpaged;
		try {
			unpaged = Class.forName("org.springframework.data.domain.Unpaged", false, classLoader);
		}
		catch (ClassNotFoundException ex) {
			unpaged = null;
		}
		Map<Class<?>, Class<?>> mixIns = new java.util.HashMap<>(Map.of(PageImpl.class, PageImplMixIn.class,
				SliceImpl.class, SliceImplMixIn.class, PageRequest.class, PageRequestMixIn.class, Sort.class,
				SortMixIn.class, Sort.Order.class, OrderMixIn.class));
		if (unpaged != null) {
			mixIns.put(unpaged, UnpagedMixIn.class);
		}
		return mixIns;
	}

	/**
	 * Registers what Jackson reflects on to write and read the Spring Data types: their constructors, accessors and
	 * fields, and the mix-ins' annotated constructors.
	 */
	static void registerHints(RuntimeHints hints, ClassLoader classLoader) {
		mixIns(classLoader).forEach((type, mixIn) -> {
			hints.reflection()
				.registerType(type, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS, MemberCategory.INVOKE_PUBLIC_METHODS,
						MemberCategory.ACCESS_DECLARED_FIELDS);
			hints.reflection()
				.registerType(mixIn, MemberCategory.INTROSPECT_DECLARED_CONSTRUCTORS,
						MemberCategory.INTROSPECT_DECLARED_METHODS);
		});
		TRUSTED_TYPES.forEach((name) -> hints.reflection()
			.registerTypeIfPresent(classLoader, name, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS,
					MemberCategory.INVOKE_PUBLIC_METHODS, MemberCategory.ACCESS_DECLARED_FIELDS));
	}

	abstract static class PageImplMixIn {

		@JsonCreator
		PageImplMixIn(@JsonProperty("content") List<?> content, @JsonProperty("pageable") Pageable pageable,
				@JsonProperty("total") long total) {
		}

	}

	abstract static class SliceImplMixIn {

		@JsonCreator
		SliceImplMixIn(@JsonProperty("content") List<?> content, @JsonProperty("pageable") Pageable pageable,
				@JsonProperty("hasNext") boolean hasNext) {
		}

	}

	abstract static class PageRequestMixIn {

		@JsonCreator
		PageRequestMixIn(@JsonProperty("pageNumber") int pageNumber, @JsonProperty("pageSize") int pageSize,
				@JsonProperty("sort") Sort sort) {
		}

	}

	abstract static class SortMixIn {

		@JsonCreator
		SortMixIn(@JsonProperty("orders") List<Sort.Order> orders) {
		}

	}

	abstract static class OrderMixIn {

		@JsonCreator
		OrderMixIn(@JsonProperty("direction") Sort.Direction direction, @JsonProperty("property") String property,
				@JsonProperty("ignoreCase") boolean ignoreCase,
				@JsonProperty("nullHandling") Sort.NullHandling nullHandling) {
		}

	}

	abstract static class UnpagedMixIn {

		@JsonCreator
		UnpagedMixIn(@JsonProperty("sort") Sort sort) {
		}

	}

}

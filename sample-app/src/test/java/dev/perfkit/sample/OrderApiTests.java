package dev.perfkit.sample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@code /api/orders}.
 */
class OrderApiTests extends SampleApplicationTestSupport {

	@Test
	void recentOrdersAreNewestFirstWithTheirItems() {
		Response response = get("/api/orders/recent?limit=5");
		assertThat(response.status()).isEqualTo(200);
		JsonNode orders = response.json();
		List<Long> ids = new ArrayList<>();
		List<Instant> createdAt = new ArrayList<>();
		for (JsonNode order : orders) {
			ids.add(order.path("id").asLong());
			createdAt.add(Instant.parse(order.path("createdAt").asString()));
			assertThat(order.path("customer").path("name").asString()).isNotBlank();
			JsonNode items = order.path("items");
			assertThat(items.size()).isBetween(1, 3);
			long total = 0;
			for (JsonNode item : items) {
				assertThat(item.path("productName").asString()).isNotBlank();
				total += item.path("quantity").asLong() * item.path("priceCents").asLong();
			}
			assertThat(order.path("totalCents").asLong()).isEqualTo(total);
		}
		assertThat(ids).containsExactly(1500L, 1499L, 1498L, 1497L, 1496L);
		assertThat(createdAt).isSortedAccordingTo((a, b) -> b.compareTo(a));
	}

	@Test
	void onePerOrderAndJoinedVariantsReturnTheSameJson() {
		for (int limit : new int[] { 1, 20, 100 }) {
			Response onePerOrder = get("/api/orders/recent?limit=" + limit);
			Response joined = get("/api/orders/recent-joined?limit=" + limit);
			assertThat(onePerOrder.status()).isEqualTo(200);
			assertThat(joined.status()).isEqualTo(200);
			assertThat(onePerOrder.json().size()).isEqualTo(limit);
			assertThat(joined.body()).isEqualTo(onePerOrder.body());
		}
	}

	@Test
	void limitOutOfRangeGivesBadRequestProblem() {
		for (String path : List.of("/api/orders/recent?limit=0", "/api/orders/recent-joined?limit=101")) {
			Response response = get(path);
			assertThat(response.status()).isEqualTo(400);
			assertThat(response.isProblem()).isTrue();
		}
	}

}

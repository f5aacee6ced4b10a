package dev.perfkit.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@code /api/products}.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProductApiTests extends SampleApplicationTestSupport {

	@Autowired
	private JdbcClient jdbcClient;

	@Autowired
	private CacheManager cacheManager;

	@Test
	void productIsFoundByIdWithItsCategory() {
		Response response = get("/api/products/1");
		assertThat(response.status()).isEqualTo(200);
		JsonNode product = response.json();
		assertThat(product.path("id").asLong()).isEqualTo(1);
		assertThat(product.path("sku").asString()).isEqualTo("SKU-00001");
		// The seed is deterministic: the same product on every run.
		assertThat(product.path("name").asString()).isEqualTo("Portable Bamboo Clock");
		assertThat(product.path("category").path("name").asString()).isEqualTo("Coffee");
		assertThat(product.path("priceCents").asLong()).isEqualTo(25511);
		assertThat(product.path("createdAt").asString()).isEqualTo("2025-01-01T00:07:00Z");
	}

	@Test
	void foundProductIsCached() {
		assertThat(get("/api/products/42").status()).isEqualTo(200);
		Cache products = this.cacheManager.getCache("products");
		assertThat(products).isNotNull();
		assertThat(products.get(42L)).isNotNull();
	}

	@Test
	void unknownProductGivesNotFoundProblem() {
		Response response = get("/api/products/999999");
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.isProblem()).isTrue();
		assertThat(response.json().path("title").asString()).isEqualTo("Product not found");
		assertThat(response.json().path("detail").asString()).isEqualTo("No product with id 999999");
		assertThat(response.json().path("instance").asString()).isEqualTo("/api/products/999999");
	}

	@Test
	void nonNumericIdGivesBadRequestProblem() {
		Response response = get("/api/products/abc");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.isProblem()).isTrue();
	}

	@Test
	void searchFindsProductsWhoseDescriptionMatchesBestSellersFirst() {
		Response response = get("/api/products/search?q=OAK&limit=10");
		assertThat(response.status()).isEqualTo(200);
		JsonNode products = response.json();
		assertThat(products.size()).isEqualTo(10);
		List<Long> unitsSold = new ArrayList<>();
		for (JsonNode product : products) {
			long id = product.path("id").asLong();
			String description = this.jdbcClient.sql("SELECT description FROM product WHERE id = ?")
				.param(id)
				.query(String.class)
				.single();
			assertThat(description.toLowerCase(Locale.ROOT)).contains("oak");
			long sold = this.jdbcClient.sql("SELECT COALESCE(SUM(quantity), 0) FROM order_item WHERE product_id = ?")
				.param(id)
				.query(Long.class)
				.single();
			assertThat(product.path("unitsSold").asLong()).isEqualTo(sold);
			unitsSold.add(sold);
		}
		assertThat(unitsSold).isSortedAccordingTo((a, b) -> Long.compare(b, a));
	}

	@Test
	void searchTreatsLikeWildcardsAsText() {
		Response response = get("/api/products/search?q=%25&limit=5");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().size()).isZero();
	}

	@Test
	void searchLimitOutOfRangeGivesBadRequestProblem() {
		for (String limit : List.of("0", "101")) {
			Response response = get("/api/products/search?q=oak&limit=" + limit);
			assertThat(response.status()).isEqualTo(400);
			assertThat(response.isProblem()).isTrue();
			assertThat(response.json().path("detail").asString()).startsWith("limit: ");
		}
	}

	@Test
	void numbersWrittenWithOtherDigitsThanAsciiGiveBadRequestProblems() {
		// limit=١٢ and /api/products/٤٢ (Arabic-Indic digits), percent-encoded as a browser sends them
		for (String path : List.of("/api/products/search?q=oak&limit=%D9%A1%D9%A2", "/api/products/%D9%A4%D9%A2")) {
			Response response = get(path);
			assertThat(response.status()).as(path).isEqualTo(400);
			assertThat(response.isProblem()).isTrue();
		}
		assertThat(get("/api/products/search?q=oak&limit=12").status()).isEqualTo(200);
		assertThat(get("/api/products/search?q=oak&limit=").status()).isEqualTo(200);
	}

	@Test
	void unsupportedMethodsGetProblemsAndAreLoggedOncePerIncident(CapturedOutput output) {
		for (int i = 0; i < 5; i++) {
			Response response = delete("/api/products/1");
			assertThat(response.status()).isEqualTo(405);
			assertThat(response.isProblem()).isTrue();
		}
		assertThat(output.getOut().split("Request method 'DELETE' is not supported", -1)).hasSizeLessThanOrEqualTo(2);
	}

	@Test
	void searchWithoutQueryGivesBadRequestProblem() {
		Response response = get("/api/products/search");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.isProblem()).isTrue();
	}

}

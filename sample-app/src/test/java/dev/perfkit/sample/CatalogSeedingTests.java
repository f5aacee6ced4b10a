package dev.perfkit.sample;

import dev.perfkit.sample.data.CatalogSeeder;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the data seeded at start-up.
 */
class CatalogSeedingTests extends SampleApplicationTestSupport {

	@Autowired
	private JdbcClient jdbcClient;

	@Autowired
	private CatalogSeeder seeder;

	@Test
	void emptyDatabaseIsSeededWithTheExpectedRows() {
		assertThat(this.seeder.seededOnStartup()).isTrue();
		assertThat(count("category")).isEqualTo(20);
		assertThat(count("product")).isEqualTo(5_000);
		assertThat(count("customer")).isEqualTo(500);
		assertThat(count("purchase_order")).isEqualTo(1_500);
		assertThat(count("order_item")).isEqualTo(3_000);
	}

	@Test
	void everyOrderHasBetweenOneAndThreeItems() {
		long outOfRange = this.jdbcClient.sql("""
				SELECT COUNT(*) FROM purchase_order o
				WHERE (SELECT COUNT(*) FROM order_item oi WHERE oi.order_id = o.id) NOT BETWEEN 1 AND 3
				""").query(Long.class).single();
		assertThat(outOfRange).isZero();
	}

	private long count(String table) {
		return this.jdbcClient.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
	}

}

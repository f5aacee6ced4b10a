package dev.perfkit.sample.data;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * Fills an empty catalogue with deterministic data (20 categories, 5,000 products, 500 customers, 1,500 orders and
 * 3,000 order items) in one transaction. Runs once every singleton exists and before the web server accepts
 * requests; a catalogue that already has rows is left alone.
 *
 * @since 0.1.0
 */
@Component
@DependsOnDatabaseInitialization
public class CatalogSeeder implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(CatalogSeeder.class);

	private static final int BATCH_SIZE = 500;

	private final JdbcTemplate jdbcTemplate;

	private final TransactionTemplate transactionTemplate;

	private volatile boolean seeded;

	/**
	 * Creates a seeder.
	 * @param jdbcTemplate the JDBC template of the catalogue's database
	 * @param transactionTemplate the transaction template to seed in
	 */
	public CatalogSeeder(JdbcTemplate jdbcTemplate, TransactionTemplate transactionTemplate) {
		this.jdbcTemplate = jdbcTemplate;
		this.transactionTemplate = transactionTemplate;
	}

	@Override
	public void afterSingletonsInstantiated() {
		long start = System.nanoTime();
		Integer inserted = this.transactionTemplate.execute((status) -> seedIfEmpty());
		long millis = (System.nanoTime() - start) / 1_000_000;
		if (inserted != null && inserted > 0) {
			this.seeded = true;
			logger.info("Seeded the catalogue with " + inserted + " rows in " + millis + " ms");
		}
		else {
			logger.info("Catalogue already has data; not seeding");
		}
	}

	/**
	 * Returns whether this start seeded the catalogue.
	 * @return {@code true} if the catalogue was empty and has been seeded
	 */
	public boolean seededOnStartup() {
		return this.seeded;
	}

	private int seedIfEmpty() {
		Long categories = this.jdbcTemplate.queryForObject("SELECT COUNT(*) FROM category", Long.class);
		if (categories != null && categories > 0) {
			return 0;
		}
		int inserted = 0;
		for (CatalogData.Table table : new CatalogData().tables()) {
			inserted += insert(table.insert(), table.rows());
		}
		return inserted;
	}

	private int insert(String sql, List<Object[]> rows) {
		int[][] counts = this.jdbcTemplate.batchUpdate(sql, rows, BATCH_SIZE, (statement, row) -> {
			for (int i = 0; i < row.length; i++) {
				statement.setObject(i + 1, row[i]);
			}
		});
		int total = 0;
		for (int[] batch : counts) {
			total += batch.length;
		}
		Assert.state(total == rows.size(), "Not every seed row was inserted");
		return total;
	}

}

package dev.perfkit.profiler.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.perfkit.profiler.ProfilerSettings;
import dev.perfkit.profiler.QueryObserver;
import dev.perfkit.profiler.QueryProfiler;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The profiler never breaks a statement, and a DataSource delegating to another profiled one is counted once.
 */
class ProfilingDataSourceSafetyTests {

	@Test
	void failingObserverNeverBreaksTheStatementAndIsCounted() throws Exception {
		QueryObserver broken = (query, sql) -> {
			throw new IllegalStateException("observer bug");
		};
		QueryProfiler profiler = new QueryProfiler(ProfilerSettings.defaults(), List.of(broken));
		try (HikariDataSource pool = pool()) {
			DataSource dataSource = new ProfilingDataSource(pool, "dataSource", profiler);
			try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
					ResultSet resultSet = statement.executeQuery("SELECT 42")) {
				assertThat(resultSet.next()).isTrue();
				assertThat(resultSet.getInt(1)).isEqualTo(42);
			}
		}
		assertThat(profiler.statistics().profilerFailures()).isEqualTo(1);
	}

	@Test
	void delegatingDataSourceBeanIsCountedOnce() throws Exception {
		QueryProfiler profiler = new QueryProfiler();
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("profiler", profiler);
		ObjectProvider<QueryProfiler> provider = beans.getBeanProvider(QueryProfiler.class);
		ProfilingDataSourceBeanPostProcessor postProcessor = new ProfilingDataSourceBeanPostProcessor(provider,
				List.of(), List.of());
		try (HikariDataSource pool = pool()) {
			DataSource hikari = (DataSource) postProcessor.postProcessAfterInitialization(pool, "dataSource");
			DataSource transactional = (DataSource) postProcessor
				.postProcessAfterInitialization(new TransactionAwareDataSourceProxy(hikari), "transactionalDataSource");
			assertThat(transactional).isInstanceOf(ProfilingDataSource.class);
			assertThat(postProcessor.postProcessAfterInitialization(hikari, "again")).isSameAs(hikari);
			try (Connection connection = transactional.getConnection();
					Statement statement = connection.createStatement()) {
				statement.execute("SELECT 1");
			}
			assertThat(transactional.unwrap(HikariDataSource.class)).isSameAs(pool);
		}
		assertThat(profiler.statistics().totalQueries()).isEqualTo(1);
		assertThat(profiler.history(1).get(0).getDataSource()).isEqualTo("dataSource");
	}

	private static HikariDataSource pool() {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl("jdbc:h2:mem:" + UUID.randomUUID());
		config.setMaximumPoolSize(2);
		return new HikariDataSource(config);
	}

}

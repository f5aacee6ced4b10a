package dev.perfkit.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.perfkit.test.RedisServerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DedicatedRedisConnectionTests {

	@Test
	void talksToTheApplicationsServerWithoutItsFactory() {
		try (RedisServerProcess redis = RedisServerProcess.start()) {
			LettuceConnectionFactory application = application(redis);
			try (DedicatedRedisConnection dedicated = DedicatedRedisConnection.derivedFrom(application,
					Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(250))) {
				assertThat(dedicated.getConnectionFactory()).isNotSameAs(application);
				try (RedisConnection connection = dedicated.getConnectionFactory().getConnection()) {
					assertThat(connection.ping()).isEqualTo("PONG");
				}
			}
			finally {
				application.destroy();
			}
		}
	}

	@Test
	void aCallThatFindsTheConnectionBeingOpenedGivesUpAfterTheAcquireTimeout() throws Exception {
		try (RedisServerProcess redis = RedisServerProcess.start()) {
			LettuceConnectionFactory application = application(redis);
			try (DedicatedRedisConnection dedicated = DedicatedRedisConnection.derivedFrom(application,
					Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofMillis(250))) {
				redis.pause();
				// the first call opens the connection: its handshake hangs on the paused server
				CompletableFuture<Void> opening = CompletableFuture
					.runAsync(() -> dedicated.getConnectionFactory().getConnection().close());
				org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(DedicatedRedisConnectionTests::opening);
				CompletableFuture<Throwable> second = CompletableFuture.supplyAsync(() -> {
					try {
						dedicated.getConnectionFactory().getConnection().close();
						return null;
					}
					catch (RuntimeException ex) {
						return ex;
					}
				});
				// liveness: answered (with a failure) long before the opener's 20 s handshake bound
				assertThat(second.get(5, TimeUnit.SECONDS)).isInstanceOf(RedisConnectionFailureException.class);
				redis.resume();
				opening.get(30, TimeUnit.SECONDS);
				try (RedisConnection connection = dedicated.getConnectionFactory().getConnection()) {
					assertThat(connection.ping()).isEqualTo("PONG");
				}
			}
			finally {
				if (redis.isPaused()) {
					redis.resume();
				}
				application.destroy();
			}
		}
	}

	@Test
	void aServerThatIsDownFailsTheCallNotTheCreation() {
		try (RedisServerProcess redis = RedisServerProcess.start()) {
			LettuceConnectionFactory application = application(redis);
			redis.kill();
			try (DedicatedRedisConnection dedicated = DedicatedRedisConnection.derivedFrom(application,
					Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(250))) {
				assertThatExceptionOfType(RedisConnectionFailureException.class)
					.isThrownBy(() -> dedicated.getConnectionFactory().getConnection().ping());
			}
			finally {
				application.destroy();
			}
		}
	}

	private static boolean opening() {
		return Thread.getAllStackTraces()
			.values()
			.stream()
			.anyMatch((stack) -> stack.length > 0 && java.util.Arrays.stream(stack)
				.anyMatch((frame) -> frame.getClassName().endsWith("DedicatedRedisConnection$BoundedConnectionFactory")
						&& frame.getMethodName().equals("getSharedConnection")));
	}

	private static LettuceConnectionFactory application(RedisServerProcess redis) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(redis.host(), redis.port()));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

}

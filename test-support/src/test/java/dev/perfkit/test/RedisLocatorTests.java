package dev.perfkit.test;

import java.time.Duration;
import java.util.Map;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class RedisLocatorTests {

	@Test
	void locatedRedisAnswersPingAndIsKeptForTheJvm() {
		RedisEndpoint redis = RedisLocator.locate();
		assertThat(RedisLocator.locate()).isSameAs(redis);
		assertThat(pingThroughLettuce(redis)).isEqualTo("PONG");
	}

	@Test
	void serverAnsweringOnLoopbackIsFoundWithoutRedisUrl() {
		try (RedisServerProcess loopback = RedisServerProcess.start()) {
			RedisEndpoint redis = RedisLocator.locate(Map.of(), "127.0.0.1", loopback.port(), () -> false);
			assertThat(redis.host()).isEqualTo("127.0.0.1");
			assertThat(redis.port()).isEqualTo(loopback.port());
			assertThat(redis.url()).isEqualTo(loopback.url());
			assertThat(redis.source()).contains("answering on 127.0.0.1:" + loopback.port());
			assertThat(pingThroughLettuce(redis)).isEqualTo("PONG");
		}
	}

	@Test
	void machineLoopbackServerIsFoundOnDefaultPort() {
		RedisEndpoint redis = RedisLocator.locate(Map.of(), RedisLocator.LOOPBACK_HOST, RedisLocator.LOOPBACK_PORT,
				() -> false);
		assertThat(redis.address()).isEqualTo("127.0.0.1:6379");
		assertThat(pingThroughLettuce(redis)).isEqualTo("PONG");
	}

	@Test
	void redisUrlTakesPrecedenceOverServerAnsweringOnLoopback() {
		try (RedisServerProcess loopback = RedisServerProcess.start();
				RedisServerProcess configured = RedisServerProcess.start()) {
			Map<String, String> env = Map.of("REDIS_URL", configured.url());
			RedisEndpoint redis = RedisLocator.locate(env, "127.0.0.1", loopback.port(), () -> false);
			assertThat(redis.port()).isEqualTo(configured.port());
			assertThat(redis.source()).isEqualTo("REDIS_URL");
			assertThat(pingThroughLettuce(redis)).isEqualTo("PONG");
		}
	}

	@Test
	void blankRedisUrlIsIgnored() {
		try (RedisServerProcess loopback = RedisServerProcess.start()) {
			RedisEndpoint redis = RedisLocator.locate(Map.of("REDIS_URL", " "), "127.0.0.1", loopback.port(),
					() -> false);
			assertThat(redis.port()).isEqualTo(loopback.port());
		}
	}

	@Test
	void redisServerIsStartedOnceWhenNothingAnswersAndDockerIsMissing() {
		int silentPort = FreePorts.find();
		RedisEndpoint redis = RedisLocator.locate(Map.of(), "127.0.0.1", silentPort, () -> false);
		assertThat(redis.port()).isNotEqualTo(silentPort);
		assertThat(redis.source()).contains("started on " + redis.address());
		assertThat(pingThroughLettuce(redis)).isEqualTo("PONG");
		assertThat(RedisLocator.locate(Map.of(), "127.0.0.1", silentPort, () -> false)).isSameAs(redis);
		FreePorts.release(silentPort);
	}

	@Test
	void redisUrlKeepsCredentialsDatabaseAndSchemeAndDefaultsThePort() {
		RedisEndpoint redis = RedisLocator.fromUrl("rediss://user:secret@redis.example.com/2", "REDIS_URL");
		assertThat(redis.host()).isEqualTo("redis.example.com");
		assertThat(redis.port()).isEqualTo(6379);
		assertThat(redis.url()).isEqualTo("rediss://user:secret@redis.example.com/2");
	}

	@Test
	void redisUrlWithIpv6HostIsUnbracketed() {
		RedisEndpoint redis = RedisLocator.fromUrl("redis://[::1]:7000", "REDIS_URL");
		assertThat(redis.host()).isEqualTo("::1");
		assertThat(redis.port()).isEqualTo(7000);
		assertThat(redis.address()).isEqualTo("[::1]:7000");
	}

	@Test
	void redisUrlThatIsNotRedisFailsNamingTheVariable() {
		assertThatIllegalStateException()
			.isThrownBy(() -> RedisLocator.locate(Map.of("REDIS_URL", "http://localhost:6379"), "127.0.0.1", 6379,
					() -> false))
			.withMessageContaining("REDIS_URL must look like redis://host:port");
	}

	private static String pingThroughLettuce(RedisEndpoint redis) {
		RedisClient client = RedisClient.create(redis.url());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			return connection.sync().ping();
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

}

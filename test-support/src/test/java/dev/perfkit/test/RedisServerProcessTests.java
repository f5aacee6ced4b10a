package dev.perfkit.test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

class RedisServerProcessTests {

	private final String key = "perfkit:test:" + UUID.randomUUID();

	@Test
	void startedServerAnswersSetAndGetThroughLettuce() {
		try (RedisServerProcess redis = RedisServerProcess.start()) {
			RedisClient client = RedisClient.create(redis.url());
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				connection.sync().set(this.key, "value");
				assertThat(connection.sync().get(this.key)).isEqualTo("value");
			}
			finally {
				shutdown(client);
			}
			assertThat(redis.url()).isEqualTo("redis://127.0.0.1:" + redis.port());
		}
	}

	@Test
	void tlsServerAnswersOverTlsToAClientTrustingItsGeneratedCaAndLeavesNoKeyBehind() {
		Path directory;
		try (RedisServerProcess redis = RedisServerProcess.startWithTls()) {
			directory = redis.directory();
			TestCertificates certificates = redis.certificates();
			assertThat(certificates.serverKey()).isRegularFile().startsWith(directory);
			RedisClient client = RedisClient
				.create(RedisURI.builder().withHost("127.0.0.1").withPort(redis.tlsPort()).withSsl(true).build());
			client.setOptions(ClientOptions.builder()
				.sslOptions(SslOptions.builder().trustManager(certificates.caCertificate().toFile()).build())
				.build());
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				assertThat(connection.sync().ping()).isEqualTo("PONG");
			}
			finally {
				shutdown(client);
			}
		}
		assertThat(directory).doesNotExist();
	}

	@Test
	void serverStartedWithoutTlsHasNoTlsPort() {
		try (RedisServerProcess redis = RedisServerProcess.start()) {
			assertThatIllegalStateException().isThrownBy(redis::tlsPort).withMessageContaining("not started with TLS");
		}
	}

	@Test
	void startedServerPersistsNothingAndWorksInItsOwnDirectory() throws Exception {
		try (RedisServerProcess redis = RedisServerProcess.start()) {
			RedisClient client = RedisClient.create(redis.url());
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				RedisCommands<String, String> commands = connection.sync();
				assertThat(commands.configGet("save")).containsEntry("save", "");
				assertThat(commands.configGet("appendonly")).containsEntry("appendonly", "no");
				assertThat(commands.configGet("bind")).containsEntry("bind", "127.0.0.1");
				assertThat(Path.of(commands.configGet("dir").get("dir"))).isEqualTo(redis.directory().toRealPath());
			}
			finally {
				shutdown(client);
			}
			assertThat(redis.directory().resolve("redis.log")).isNotEmptyFile();
		}
	}

	@Test
	void killMakesCommandsFailAndRestartServesAgainOnTheSamePort() {
		try (RedisServerProcess redis = RedisServerProcess.start()) {
			int port = redis.port();
			long killedPid = redis.pid();
			RedisClient client = RedisClient.create(redis.url());
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				connection.setTimeout(Duration.ofMillis(500));
				connection.sync().set(this.key, "before");
				redis.kill();
				assertThat(redis.isRunning()).isFalse();
				assertThat(Processes.isAlive(killedPid)).isFalse();
				assertThatExceptionOfType(RedisException.class).isThrownBy(() -> connection.sync().get(this.key));
				assertThatExceptionOfType(RedisConnectionException.class).isThrownBy(client::connect);

				redis.restart();
				assertThat(redis.isRunning()).isTrue();
				assertThat(redis.port()).isEqualTo(port);
				assertThat(redis.pid()).isNotEqualTo(killedPid);
				try (StatefulRedisConnection<String, String> fresh = client.connect()) {
					assertThat(fresh.sync().get(this.key)).as("nothing persisted").isNull();
					fresh.sync().set(this.key, "after");
				}
				await().atMost(Duration.ofSeconds(20))
					.ignoreExceptions()
					.untilAsserted(() -> assertThat(connection.sync().get(this.key)).isEqualTo("after"));
			}
			finally {
				shutdown(client);
			}
		}
	}

	@Test
	void pauseMakesCommandsTimeOutAndResumeAnswersThemAgain() {
		try (RedisServerProcess redis = RedisServerProcess.start()) {
			RedisClient client = RedisClient.create(redis.url());
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				connection.setTimeout(Duration.ofMillis(200));
				assertThat(connection.sync().ping()).isEqualTo("PONG");
				redis.pause();
				assertThat(redis.isPaused()).isTrue();
				assertThat(redis.isRunning()).isTrue();
				assertThatExceptionOfType(RedisCommandTimeoutException.class)
					.isThrownBy(() -> connection.sync().set(this.key, "paused"));
				assertThat(redis.ping()).isFalse();

				redis.resume();
				assertThat(redis.isPaused()).isFalse();
				connection.setTimeout(Duration.ofSeconds(2));
				await().untilAsserted(() -> assertThat(connection.sync().ping()).isEqualTo("PONG"));
				assertThat(connection.sync().get(this.key)).as("the timed out SET ran once resumed")
					.isEqualTo("paused");
			}
			finally {
				shutdown(client);
			}
		}
	}

	@Test
	void stopShutsServerDownGracefullyAndRestartBringsItBack() throws Exception {
		try (RedisServerProcess redis = RedisServerProcess.start()) {
			long pid = redis.pid();
			redis.stop();
			assertThat(redis.isRunning()).isFalse();
			assertThat(Processes.isAlive(pid)).isFalse();
			assertThat(Files.readString(redis.directory().resolve("redis.log"))).contains("ready to exit");
			redis.restart();
			assertThat(redis.ping()).isTrue();
		}
	}

	@Test
	void closeOfPausedServerLeavesNoProcessAndNoDirectory() {
		RedisServerProcess redis = RedisServerProcess.start();
		long pid = redis.pid();
		Path directory = redis.directory();
		redis.pause();
		redis.close();
		assertThat(Processes.isAlive(pid)).isFalse();
		assertThat(directory).doesNotExist();
		await().untilAsserted(() -> assertThat(Processes.hasChildMentioning(String.valueOf(pid))).as("orphan guard")
			.isFalse());
		assertThatIllegalStateException().isThrownBy(redis::restart).withMessageContaining("closed");
	}

	@Test
	void clusterEnabledServerGetsPortWhoseBusPortIsFree() {
		try (RedisServerProcess redis = RedisServerProcess.start("--cluster-enabled", "yes")) {
			RedisClient client = RedisClient.create(redis.url());
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				assertThat(connection.sync().clusterInfo()).contains("cluster_known_nodes:1");
			}
			finally {
				shutdown(client);
			}
			assertThat(FreePorts.isFree(redis.port() + FreePorts.CLUSTER_BUS_OFFSET)).as("bus port in use by redis")
				.isFalse();
		}
	}

	@Test
	void serverThatCannotStartFailsWithItsOutput() {
		assertThatIllegalStateException()
			.isThrownBy(() -> RedisServerProcess.start(List.of("--no-such-directive", "yes")))
			.withMessageContaining("exited with")
			.withMessageContaining("no-such-directive");
	}

	private static void shutdown(RedisClient client) {
		client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
	}

}

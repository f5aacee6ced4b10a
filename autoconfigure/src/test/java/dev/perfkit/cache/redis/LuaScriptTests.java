package dev.perfkit.cache.redis;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.perfkit.test.RedisServerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link LuaScript} against a {@code redis-server} of the test's own (its scripts are flushed on purpose).
 */
class LuaScriptTests {

	private static final LuaScript ECHO = new LuaScript("return ARGV[1]");

	private static RedisServerProcess redis;

	private static RedisClient client;

	private static StatefulRedisConnection<byte[], byte[]> connection;

	@BeforeAll
	static void start() {
		redis = RedisServerProcess.start();
		client = RedisClient.create(redis.url());
		connection = client.connect(ByteArrayCodec.INSTANCE);
	}

	@AfterAll
	static void stop() {
		connection.close();
		client.shutdown();
		redis.close();
	}

	@Test
	void digestIsTheSha1OfTheSourceAsRedisComputesIt() {
		String loaded = connection.sync().scriptLoad("return ARGV[1]");
		assertThat(ECHO.sha()).isEqualTo(loaded);
	}

	@Test
	void sendsTheScriptInFullWhenTheServerDoesNotHoldItThenByDigest() throws Exception {
		RedisAsyncCommands<byte[], byte[]> commands = connection.async();
		connection.sync().scriptFlush();
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> echo(commands, true, "early"));
		int[] sent = new int[2];
		byte[] answer = ECHO.evaluate((byDigest) -> {
			sent[byDigest ? 0 : 1]++;
			return echo(commands, byDigest, "first");
		});
		assertThat(new String(answer, StandardCharsets.UTF_8)).isEqualTo("first");
		assertThat(sent).containsExactly(1, 1);
		// loaded by the full send: the digest is enough from now on
		assertThat(new String(ECHO.evaluate((byDigest) -> {
			assertThat(byDigest).isTrue();
			return echo(commands, byDigest, "second");
		}), StandardCharsets.UTF_8)).isEqualTo("second");
	}

	@Test
	void otherFailuresAreNotRetried() {
		RedisAsyncCommands<byte[], byte[]> commands = connection.async();
		LuaScript failing = new LuaScript("return redis.error_reply('broken')");
		int[] sent = new int[1];
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> failing.evaluate((byDigest) -> {
			sent[0]++;
			RedisFuture<byte[]> future = failing.send(commands, false, ScriptOutputType.VALUE, new byte[0][]);
			return future.get(5, TimeUnit.SECONDS);
		})).withMessageContaining("broken");
		assertThat(sent[0]).isEqualTo(1);
	}

	private static byte[] echo(RedisAsyncCommands<byte[], byte[]> commands, boolean byDigest, String value)
			throws Exception {
		RedisFuture<byte[]> future = ECHO.send(commands, byDigest, ScriptOutputType.VALUE, new byte[0][],
				value.getBytes(StandardCharsets.UTF_8));
		return future.get(5, TimeUnit.SECONDS);
	}

}

package dev.perfkit.cache.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/**
 * A Lua script of the Redis layer or bus, sent by its SHA-1 digest ({@code EVALSHA}): one round trip, without the
 * script's text. A server that does not hold the script (restarted, or its scripts flushed) answers {@code NOSCRIPT},
 * and the script is sent once more, in full ({@code EVAL}), which also loads it for the next calls.
 */
final class LuaScript {

	private final String source;

	private final String sha;

	LuaScript(String source) {
		this.source = source;
		this.sha = sha1(source);
	}

	/**
	 * Sends the script by its digest or in full.
	 * @param commands the connection's commands
	 * @param byDigest whether to send the digest ({@code EVALSHA}) rather than the script ({@code EVAL})
	 * @param type how the script's answer is decoded
	 * @param keys the script's {@code KEYS}
	 * @param args the script's {@code ARGV}
	 * @return the pending answer
	 */
	<T> RedisFuture<T> send(RedisClusterAsyncCommands<byte[], byte[]> commands, boolean byDigest, ScriptOutputType type,
			byte[][] keys, byte[]... args) {
		return byDigest ? commands.evalsha(this.sha, type, keys, args) : commands.eval(this.source, type, keys, args);
	}

	/**
	 * Runs an evaluation by digest, and again in full if the server did not hold the script. The evaluation sends
	 * the script with {@link #send} and waits for the answer; it reports {@code NOSCRIPT} as the cause of what it
	 * throws (as an {@code ExecutionException} or its caller's own wrapper does).
	 * @param evaluation sends the script and waits for the answer
	 * @return the answer
	 * @throws E whatever the evaluation throws, but a missing script the first time
	 */
	<T, E extends Exception> T evaluate(Evaluation<T, E> evaluation) throws E {
		try {
			return evaluation.run(true);
		}
		catch (Exception ex) {
			if (!(ex.getCause() instanceof RedisNoScriptException)) {
				throw ex;
			}
			return evaluation.run(false);
		}
	}

	String sha() {
		return this.sha;
	}

	private static String sha1(String script) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Sends the script, by digest or in full, and waits for its answer. */
	@FunctionalInterface
	interface Evaluation<T, E extends Exception> {

		T run(boolean byDigest) throws E;

	}

}

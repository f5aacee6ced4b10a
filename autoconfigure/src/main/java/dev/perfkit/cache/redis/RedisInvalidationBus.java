package dev.perfkit.cache.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;

import dev.perfkit.cache.Invalidation;
import dev.perfkit.cache.InvalidationBus;

/**
 * Invalidations carried by a Redis stream ({@code <prefix>__invalidations}, trimmed to about 10,000 entries). Every
 * instance appends its own invalidations with its origin id and a sequence number, and reads the stream with a
 * blocking {@code XREAD} on a dedicated connection, so an invalidation reaches the other instances one round trip
 * after it was written.
 * <p>
 * Unlike pub/sub, a stream is replayed from the last id read after a short disconnect. What cannot be replayed is
 * detected: a gap in an origin's sequence (a publish that failed, or entries trimmed before they were read) or a
 * failed read (the server restarted or failed over, and the stream may be gone) reports {@link Listener#lost()}, and
 * the cache drops its whole L1.
 * <p>
 * Loss is detected in bounded time, not only at a sender's next invalidation: every instance appends a heartbeat with
 * its last sequence number once per heartbeat interval, so a receiver sees a sender's gap within one interval, and a
 * sender it stops hearing from (its link to Redis is cut, its publishes are lost) after three; either drops L1. An
 * instance that stops says goodbye, so that its silence is not taken for a loss.
 * <p>
 * A receiver knows each sender's sequence from its first read on: when it starts reading (and again after a failed
 * read or a Redis restart) it reads back the stream's entries of the last three heartbeat intervals, where every live
 * sender has one, and a sender it finds none of must start its sequence at its first record. So a publish lost before
 * the receiver has heard the sender is detected too.
 * <p>
 * As a {@link SmartLifecycle} in the last phase, the bus stops reading before the connection factory (phase 0) stops
 * at shutdown, so closing the application logs no failed read.
 *
 * @since 0.1.0
 */
public class RedisInvalidationBus implements InvalidationBus, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RedisInvalidationBus.class);

	private static final int MAX_ORIGINS = 1024;

	private static final byte[] ORIGIN = bytes("o");

	private static final byte[] SEQUENCE = bytes("s");

	private static final byte[] NO_SEQUENCE = {};

	private static final byte[] TYPE = bytes("t");

	private static final byte[] CACHE = bytes("c");

	private static final byte[] KEY = bytes("k");

	private static final byte[] TAGS = bytes("g");

	private static final String HEARTBEAT = "HEARTBEAT";

	// a heartbeat or goodbye (KEYS[1] the stream; ARGV origin, sequence, type, whether to answer the run id); answers
	// the id of the entry before it, its own id, and the server's run id or ''
	private static final String BEAT_SCRIPT = """
			local before = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
			local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', '10000', '*', 'o', ARGV[1], 's', ARGV[2], 't', ARGV[3])
			local run = ''
			if ARGV[4] == '1' then
			  run = string.match(redis.call('INFO', 'server'), 'run_id:(%w+)') or ''
			end
			if before[1] then
			  return { before[1][1], id, run }
			end
			return { '', id, run }
			""";

	private static final LuaScript BEAT = new LuaScript(BEAT_SCRIPT);

	private static final String BYE = "BYE";

	// a sender is taken for silent after this many heartbeat intervals without a record: one missed heartbeat and
	// scheduling jitter are tolerated
	private static final int SILENT_INTERVALS = 3;

	// most entries read back at start (and after a resync) to learn where each sender's sequence stands: the stream's
	// own length bound, so a sender with a heartbeat in the last three intervals is found however busy the stream is
	private static final int SEED_LIMIT = 10_000;

	private final LettuceConnectionFactory connectionFactory;

	private final byte[] streamKey;

	private final Duration timeout;

	private final Duration block;

	private final String origin = UUID.randomUUID().toString();

	private final AtomicLong sequence = new AtomicLong();

	private final AtomicBoolean running = new AtomicBoolean();

	private final AtomicBoolean publishFailing = new AtomicBoolean();

	private final LongAdder published = new LongAdder();

	private final LongAdder received = new LongAdder();

	private final LongAdder losses = new LongAdder();

	private final Map<String, Long> lastSequences = new LinkedHashMap<>(16, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
			return size() > MAX_ORIGINS;
		}

	};

	// senders forgotten for their silence: their next record is a loss (the poller's alone, bounded)
	private final Set<String> forgotten = new HashSet<>();

	// senders that said goodbye: their silence is no loss, and a record they still send is checked against their
	// sequence (the poller's alone, bounded)
	private final Set<String> departed = Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
			return size() > MAX_ORIGINS;
		}

	});

	// when each sender was last heard from (System.nanoTime()); the poller's alone, as lastSequences
	private final Map<String, Long> lastHeard = new LinkedHashMap<>(16, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
			return size() > MAX_ORIGINS;
		}

	};

	private static final long FAILURE_BACKOFF_NANOS = Duration.ofSeconds(1).toNanos();

	private volatile long failedAt = System.nanoTime() - FAILURE_BACKOFF_NANOS;

	private @Nullable Thread poller;

	/**
	 * Creates the bus.
	 * @param connectionFactory the application's Redis connection factory
	 * @param prefix the cache's key prefix
	 * @param timeout longest wait for a publish
	 * @param heartbeat how often this instance sends a heartbeat; also how long one read waits for new entries
	 */
	public RedisInvalidationBus(LettuceConnectionFactory connectionFactory, String prefix, Duration timeout,
			Duration heartbeat) {
		this.connectionFactory = connectionFactory;
		this.streamKey = bytes(prefix + "__invalidations");
		this.timeout = timeout;
		this.block = heartbeat;
	}

	/**
	 * This instance's origin id.
	 * @return the origin id
	 */
	public String getOrigin() {
		return this.origin;
	}

	/**
	 * Invalidations published by this instance.
	 * @return the count
	 */
	public long getPublished() {
		return this.published.sum();
	}

	/**
	 * Invalidations received from other instances.
	 * @return the count
	 */
	public long getReceived() {
		return this.received.sum();
	}

	/**
	 * Times invalidations were detected as lost and L1 was dropped.
	 * @return the count
	 */
	public long getLosses() {
		return this.losses.sum();
	}

	@Override
	@SuppressWarnings("unchecked")
	public void publish(Invalidation invalidation) {
		if (System.nanoTime() - this.failedAt < FAILURE_BACKOFF_NANOS) {
			// Redis just failed: spend the sequence number without waiting, the gap tells the other instances
			this.sequence.incrementAndGet();
			return;
		}
		Map<byte[], byte[]> body = new LinkedHashMap<>();
		body.put(ORIGIN, bytes(this.origin));
		body.put(SEQUENCE, NO_SEQUENCE);
		body.put(TYPE, bytes(invalidation.type().name()));
		body.put(CACHE, bytes(invalidation.cache()));
		if (invalidation.key() != null) {
			body.put(KEY, bytes(invalidation.key()));
		}
		if (!invalidation.tags().isEmpty()) {
			body.put(TAGS, bytes(String.join("\n", invalidation.tags())));
		}
		boolean numbered = false;
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			// heartbeats too: numbered and sent in one step with the invalidations
			RedisClusterAsyncCommands<byte[], byte[]> commands = (RedisClusterAsyncCommands<byte[], byte[]>) connection
				.getNativeConnection();
			RedisFuture<String> added;
			// numbered and sent in one step: commands sent in order on the shared connection are appended in order,
			// so writers on several threads cannot make the others see a gap (and drop their L1) that is not one
			synchronized (this.sequence) {
				body.put(SEQUENCE, bytes(Long.toString(this.sequence.incrementAndGet())));
				numbered = true;
				added = commands.xadd(this.streamKey, XAddArgs.Builder.maxlen(10_000).approximateTrimming(), body);
			}
			added.get(this.timeout.toNanos(), TimeUnit.NANOSECONDS);
			this.published.increment();
			if (this.publishFailing.compareAndSet(true, false)) {
				logger.info("Layered cache invalidations are published again");
			}
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			// the sequence number is spent: the other instances see the gap and drop their L1
			if (!numbered) {
				this.sequence.incrementAndGet();
			}
			this.failedAt = System.nanoTime();
			if (this.publishFailing.compareAndSet(false, true)) {
				logger.warn("Cannot publish layered cache invalidations; other instances will drop their L1 when "
						+ "they notice: " + ex);
			}
		}
	}

	/**
	 * Appends a heartbeat (or a goodbye) with the last sequence number this instance used, on the connection and
	 * under the lock invalidations are sent with, so that it never overtakes one of them. One script, one round trip:
	 * it also answers the id of the entry before the heartbeat (the reader that has read up to it skips its own
	 * heartbeat rather than wake up for it) and, if asked, the server's run id (the reader's restart check).
	 * @return what the script answered, or {@code null} if the heartbeat could not be sent
	 */
	@SuppressWarnings("unchecked")
	private @Nullable Beat beat(String type, boolean identity) {
		byte[][] keys = { this.streamKey };
		byte[] origin = bytes(this.origin);
		byte[] kind = bytes(type);
		byte[] withIdentity = bytes(identity ? "1" : "0");
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			RedisClusterAsyncCommands<byte[], byte[]> commands = (RedisClusterAsyncCommands<byte[], byte[]>) connection
				.getNativeConnection();
			// a restarted or flushed server gets the script once more, in full
			List<Object> reply = BEAT
				.evaluate((byDigest) -> await(sendBeat(commands, byDigest, keys, origin, kind, withIdentity)));
			return Beat.of(reply);
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			// the others notice this instance's silence
			logger.debug("Cannot send the layered cache heartbeat", ex);
			return null;
		}
	}

	private RedisFuture<List<Object>> sendBeat(RedisClusterAsyncCommands<byte[], byte[]> commands, boolean byDigest,
			byte[][] keys, byte[] origin, byte[] type, byte[] identity) {
		synchronized (this.sequence) {
			byte[] sequence = bytes(Long.toString(this.sequence.get()));
			return BEAT.send(commands, byDigest, ScriptOutputType.MULTI, keys, origin, sequence, type, identity);
		}
	}

	private <T> T await(RedisFuture<T> future) throws InterruptedException, ExecutionException, TimeoutException {
		return future.get(this.timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	@Override
	public void start(Listener listener) {
		if (!this.running.compareAndSet(false, true)) {
			return;
		}
		// the starting point is read before start() returns, so nothing published after start-up is missed
		String startId = null;
		String startServer = null;
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			startServer = serverIdentity(connection);
			startId = seek(connection);
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot read the layered cache invalidation stream at start-up; retrying: " + ex);
		}
		String firstId = startId;
		String firstServer = startServer;
		Thread thread = new Thread(() -> poll(listener, firstId, firstServer), "perfkit-cache-invalidations");
		thread.setDaemon(true);
		this.poller = thread;
		thread.start();
	}

	/**
	 * Does nothing: the cache manager starts the bus with its listener once every singleton exists.
	 */
	@Override
	public void start() {
	}

	/**
	 * Stops reading the stream, before the connection factory stops.
	 */
	@Override
	public void stop() {
		close();
	}

	/**
	 * Whether the bus reads the stream.
	 * @return whether it runs
	 */
	@Override
	public boolean isRunning() {
		return this.running.get();
	}

	@Override
	public void close() {
		if (this.running.get()) {
			beat(BYE, false);
		}
		this.running.set(false);
		Thread thread = this.poller;
		if (thread != null && thread != Thread.currentThread()) {
			thread.interrupt();
			try {
				// the reader closes its connection itself, before the connection factory goes away
				thread.join(this.block.toMillis() + this.timeout.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private void poll(Listener listener, @Nullable String firstId, @Nullable String firstServer) {
		String lastId = firstId;
		String server = firstServer;
		// a cluster's identity is every node's run id: INFO through the cluster connection; a single server's comes
		// with the heartbeat
		boolean cluster = this.connectionFactory.isClusterAware();
		long lastBeat = System.nanoTime() - this.block.toNanos();
		boolean resync = false;
		RedisConnection connection = null;
		while (this.running.get()) {
			try {
				if (connection == null) {
					connection = this.connectionFactory.getConnection();
				}
				if (lastId == null) {
					server = serverIdentity(connection);
					lastId = seek(connection);
					if (resync) {
						lost(listener, "the invalidation stream could not be read");
						resync = false;
					}
				}
				// blocks until the next heartbeat is due, not longer (BLOCK 0 would wait forever)
				long untilBeat = lastBeat + this.block.toNanos() - System.nanoTime();
				Duration wait = Duration.ofMillis(Math.max(1, TimeUnit.NANOSECONDS.toMillis(untilBeat)));
				List<ByteRecord> records = connection.streamCommands()
					.xRead(StreamReadOptions.empty().count(256).block(wait),
							StreamOffset.create(this.streamKey, ReadOffset.from(lastId)));
				boolean timedOut = records == null || records.isEmpty();
				if (records != null) {
					for (ByteRecord record : records) {
						lastId = record.getId().getValue();
						deliver(record, listener);
					}
				}
				long now = System.nanoTime();
				// a read that waited its whole time out makes the heartbeat due, even if the server's clock ended it a
				// fraction of a millisecond early: one read per interval when idle, never a second short one
				if (timedOut || now - lastBeat >= this.block.toNanos()) {
					lastBeat = now;
					Beat beat = beat(HEARTBEAT, !cluster);
					if (beat != null && beat.follows(lastId)) {
						// nothing to read up to this instance's own heartbeat: no read returns just for it
						lastId = beat.id();
					}
					checkSilence(listener, now);
					// the client reconnects and re-sends a blocked read silently: a restarted or failed-over server
					// shows itself only by a new run id, and whatever it lost cannot be replayed
					String current = (beat != null && !beat.server().isEmpty()) ? beat.server()
							: serverIdentity(connection);
					if (!current.equals(server)) {
						server = current;
						lastId = seek(connection);
						lost(listener, "Redis restarted or failed over");
					}
				}
				listener.tick();
			}
			catch (RuntimeException ex) {
				if (!this.running.get()) {
					break;
				}
				if (!resync) {
					logger.warn("Reading layered cache invalidations failed; L1 is dropped once Redis answers again: "
							+ ex);
				}
				resync = true;
				lastId = null;
				closeQuietly(connection);
				connection = null;
				try {
					Thread.sleep(200);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					break;
				}
			}
		}
		closeQuietly(connection);
	}

	private void checkSilence(Listener listener, long now) {
		long silence = this.block.toNanos() * SILENT_INTERVALS;
		String silent = null;
		for (var heard = this.lastHeard.entrySet().iterator(); heard.hasNext();) {
			Map.Entry<String, Long> sender = heard.next();
			if (now - sender.getValue() > silence) {
				// forgotten: its next record starts a new sequence, after whatever it could not send
				heard.remove();
				this.lastSequences.remove(sender.getKey());
				if (this.forgotten.size() < 1_000) {
					this.forgotten.add(sender.getKey());
				}
				silent = sender.getKey();
			}
		}
		if (silent != null) {
			lost(listener, "no heartbeat from " + silent + " for " + Duration.ofNanos(silence).toMillis() + " ms");
		}
	}

	private void lost(Listener listener, String reason) {
		logger.info("Layered cache invalidations may have been lost (" + reason + "); dropping L1");
		try {
			listener.lost();
		}
		finally {
			// counted once the drop is done, as received invalidations are once applied: a reader of the count
			// never sees a loss whose local copies are still being dropped
			this.losses.increment();
		}
	}

	private static String serverIdentity(RedisConnection connection) {
		Properties info = connection.serverCommands().info("server");
		if (info == null) {
			return "";
		}
		return info.stringPropertyNames()
			.stream()
			.filter((name) -> name.endsWith("run_id"))
			.sorted()
			.map(info::getProperty)
			.collect(Collectors.joining(","));
	}

	/**
	 * Finds where the stream ends, the point this instance reads on from, and where each sender's sequence stood
	 * there, from the stream's entries of the last three heartbeat intervals: every live sender has one, so a publish
	 * it loses after this point shows as a gap even before this instance has heard from it. Senders without an entry
	 * there keep what was known of them; one never heard of is checked at its first record (see {@link #deliver}).
	 * @return the id to read after
	 */
	private String seek(RedisConnection connection) {
		Long now = connection.serverCommands().time(TimeUnit.MILLISECONDS);
		List<ByteRecord> last = connection.streamCommands()
			.xRevRange(this.streamKey, Range.unbounded(), Limit.limit().count(1));
		if (last == null || last.isEmpty()) {
			return "0-0";
		}
		String lastId = last.get(0).getId().getValue();
		if (now != null) {
			long since = now - this.block.toMillis() * SILENT_INTERVALS;
			List<ByteRecord> recent = connection.streamCommands()
				.xRevRange(this.streamKey, Range.closed(Math.max(0, since) + "-0", lastId),
						Limit.limit().count(SEED_LIMIT));
			if (recent != null) {
				seed(recent);
			}
		}
		return lastId;
	}

	private void seed(List<ByteRecord> newestFirst) {
		Set<String> seen = new HashSet<>();
		long now = System.nanoTime();
		for (ByteRecord record : newestFirst) {
			Entry entry = Entry.of(record);
			if (entry == null || entry.origin().equals(this.origin) || !seen.add(entry.origin())) {
				continue;
			}
			this.lastSequences.put(entry.origin(), entry.sequence());
			this.forgotten.remove(entry.origin());
			if (entry.type().equals(BYE)) {
				this.departed.add(entry.origin());
				this.lastHeard.remove(entry.origin());
			}
			else {
				this.departed.remove(entry.origin());
				this.lastHeard.put(entry.origin(), now);
			}
		}
	}

	private void deliver(ByteRecord record, Listener listener) {
		Entry entry = Entry.of(record);
		if (entry == null || entry.origin().equals(this.origin)) {
			return;
		}
		String origin = entry.origin();
		long sequence = entry.sequence();
		boolean control = entry.type().equals(HEARTBEAT) || entry.type().equals(BYE);
		Long last = this.lastSequences.get(origin);
		if (this.forgotten.remove(origin)) {
			// what it published, or failed to, while it was forgotten has no sequence to be checked against
			lost(listener, origin + " is heard again after its silence");
		}
		else if (last == null) {
			// a sender this instance never heard of, and found no entry of when it started reading: a first record
			// that does not start its sequence follows publishes that may have been lost after that point
			if (sequence > (control ? 0 : 1)) {
				lost(listener, "first record of " + origin + " has sequence " + sequence);
			}
		}
		else if (control ? sequence > last : sequence != last + 1) {
			lost(listener, (control ? "heartbeat of " + origin + " shows sequence " + sequence + " after "
					: "sequence of " + origin + " jumped from ") + last + (control ? "" : " to " + sequence));
		}
		if (entry.type().equals(BYE)) {
			this.departed.add(origin);
			this.lastHeard.remove(origin);
		}
		else if (!this.departed.contains(origin) || entry.type().equals(HEARTBEAT)) {
			// a heartbeat after a goodbye: the sender's bus was started again
			this.departed.remove(origin);
			this.lastHeard.put(origin, System.nanoTime());
		}
		if (!control || last == null || sequence > last) {
			this.lastSequences.put(origin, sequence);
		}
		if (control) {
			return;
		}
		Invalidation invalidation = switch (Invalidation.Type.valueOf(entry.type())) {
			case EVICT -> Invalidation.evict(entry.cache(), (entry.key() != null) ? entry.key() : "");
			case CLEAR -> Invalidation.clear(entry.cache());
			case TAGS -> Invalidation.tags((entry.tags() != null) ? List.of(entry.tags().split("\n")) : List.of());
		};
		listener.invalidated(invalidation);
		// counted once applied: whoever waits for the count then reads after the invalidation, not during it
		this.received.increment();
	}

	private static void closeQuietly(@Nullable RedisConnection connection) {
		if (connection != null) {
			try {
				connection.close();
			}
			catch (RuntimeException ex) {
				// abandoned either way
			}
		}
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * What the heartbeat script answered.
	 * @param before id of the stream's entry before the heartbeat, empty if there was none
	 * @param id the heartbeat's id
	 * @param server the server's run id, empty if not asked for
	 */
	private record Beat(String before, String id, String server) {

		static @Nullable Beat of(@Nullable List<Object> reply) {
			if (reply == null || reply.size() < 3) {
				return null;
			}
			return new Beat(text(reply.get(0)), text(reply.get(1)), text(reply.get(2)));
		}

		private static String text(@Nullable Object value) {
			return (value instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8)
					: String.valueOf(value);
		}

		/** Whether nothing was appended between the entry read last and this heartbeat. */
		boolean follows(String lastId) {
			return this.before.equals(lastId) || (this.before.isEmpty() && lastId.equals("0-0"));
		}

	}

	/** One entry of the stream: an invalidation, a heartbeat or a goodbye. */
	private record Entry(String origin, long sequence, String type, String cache, @Nullable String key,
			@Nullable String tags) {

		static @Nullable Entry of(ByteRecord record) {
			String origin = null;
			long sequence = -1;
			String type = null;
			String cache = "";
			String key = null;
			String tags = null;
			for (Map.Entry<byte[], byte[]> field : record.getValue().entrySet()) {
				byte[] name = field.getKey();
				String value = new String(field.getValue(), StandardCharsets.UTF_8);
				if (Arrays.equals(name, ORIGIN)) {
					origin = value;
				}
				else if (Arrays.equals(name, SEQUENCE)) {
					sequence = Long.parseLong(value);
				}
				else if (Arrays.equals(name, TYPE)) {
					type = value;
				}
				else if (Arrays.equals(name, CACHE)) {
					cache = value;
				}
				else if (Arrays.equals(name, KEY)) {
					key = value;
				}
				else if (Arrays.equals(name, TAGS)) {
					tags = value;
				}
			}
			return (origin != null && type != null) ? new Entry(origin, sequence, type, cache, key, tags) : null;
		}

	}

}

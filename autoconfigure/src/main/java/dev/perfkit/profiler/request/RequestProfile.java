package dev.perfkit.profiler.request;

import dev.perfkit.profiler.AnalyzedSql;
import dev.perfkit.profiler.QueryRecord;
import org.jspecify.annotations.Nullable;

/**
 * Where the time of one request (or other {@link RequestProfiles#scope(String) unit of work}) went, recorded on its
 * own thread: SQL statements (their execution and the reading of their rows), cache reads per layer and loads,
 * guarded calls, and the rest. A plain mutable object reached through a thread-local while the request runs: no
 * lock, no atomic, no allocation on the recording paths (the details kept for a possible slow request go into
 * buffers lent by {@link RequestProfiles} for the request's duration). Nothing of it stays on the thread once it is
 * closed. A failure of the recording itself is counted and logged by {@link RequestProfiles}, never thrown to the
 * request.
 * <p>
 * Parts are exclusive, so that they add up to the wall time: SQL run inside a cache load or a guarded call counts as
 * SQL only, and a load inside a guarded call counts as a load only. Work handed to another thread (an
 * {@code @Async} method, a {@code CompletableFuture} stage, a guard's timeout thread, a virtual thread started by the
 * request) is not attributed to the request; the time the request thread waits for it is in the guarded call that
 * waited, or in the rest.
 *
 * @since 0.1.0
 */
public final class RequestProfile implements AutoCloseable {

	/** Layer slot of the in-memory layer. */
	static final int MEMORY = 0;

	/** Layer slot of Redis. */
	static final int REDIS = 1;

	/** Layer slot of SQLite. */
	static final int SQLITE = 2;

	/** Layer slot of any other layer. */
	static final int OTHER_LAYER = 3;

	static final String[] LAYERS = { "memory", "redis", "sqlite", "other" };

	static final byte HIT = 0;

	static final byte MISS = 1;

	static final byte LOAD = 2;

	static final byte LOAD_FAILED = 3;

	private static final ThreadLocal<RequestProfile> CURRENT = new ThreadLocal<>();

	// off until a RequestProfiles exists, so that an application without request profiles pays one static read on
	// its cache and guard paths, not a thread-local lookup
	private static volatile boolean installed;

	static final int MARKS = 32;

	/** The handle {@link RequestProfiles#scope(String)} returns when a profile is already open on the thread. */
	static final RequestProfile NONE = new RequestProfile(null, 0, "none");

	final @Nullable RequestProfiles owner;

	final long id;

	final long startNanos;

	final long startMillis;

	String name;

	private boolean closed;

	// whether recording failed for this request: a failed request does not end an incident of failures
	boolean failed;

	// ---- totals ----

	int statements;

	long sqlNanos;

	long readNanos;

	long overflowRows;

	int distinctFingerprints;

	int nPlusOne;

	final int[] gets = new int[4];

	final int[] hits = new int[4];

	int loads;

	int loadFailures;

	long loadNanos;

	long loadSelfNanos;

	int guardedCalls;

	long guardedNanos;

	long guardedSelfNanos;

	long guardWaitNanos;

	int guardRejections;

	int guardAttempts;

	private int guardDepth;

	private long guardFirstAttempt;

	// ---- exclusive accounting: the running sum of parts, with the time of its last changes (in the thread's
	// reused buffers, so that the record stays small) ----

	private long attributed;

	private int marks;

	// ---- details for a kept request ----

	@Nullable Details details;

	private int sequence;

	RequestProfile(@Nullable RequestProfiles owner, long id, String name) {
		this.owner = owner;
		this.id = id;
		this.name = name;
		this.startMillis = System.currentTimeMillis();
		this.startNanos = System.nanoTime();
	}

	static void install() {
		installed = true;
	}

	static void bind(@Nullable RequestProfile profile) {
		if (profile == null) {
			CURRENT.remove();
		}
		else {
			CURRENT.set(profile);
		}
	}

	/**
	 * The profile of the request running on the current thread.
	 * @return the profile, or {@code null} outside a profiled request
	 */
	public static @Nullable RequestProfile current() {
		return installed ? CURRENT.get() : null;
	}

	/**
	 * Slot of a cache layer by its name.
	 * @param layer the layer name ({@code memory}, {@code redis}, {@code sqlite})
	 * @return its slot
	 */
	public static int layerSlot(String layer) {
		return switch (layer) {
			case "memory" -> MEMORY;
			case "redis" -> REDIS;
			case "sqlite" -> SQLITE;
			default -> OTHER_LAYER;
		};
	}

	/**
	 * Hook of the layered cache: a read answered or not by one layer.
	 * @param cache the cache name
	 * @param slot the layer's {@link #layerSlot(String) slot}
	 * @param hit whether the layer had the entry
	 */
	public static void cacheRead(String cache, int slot, boolean hit) {
		if (!installed) {
			return;
		}
		RequestProfile profile = CURRENT.get();
		if (profile != null) {
			try {
				profile.read(cache, slot, hit);
			}
			catch (RuntimeException ex) {
				profile.fail(ex);
			}
		}
	}

	/**
	 * Hook of the layered cache: a loader (or a {@code @Cacheable} method after a miss) ran.
	 * @param cache the cache name
	 * @param nanos how long it ran
	 * @param failed whether it threw
	 */
	public static void cacheLoad(String cache, long nanos, boolean failed) {
		if (!installed) {
			return;
		}
		RequestProfile profile = CURRENT.get();
		if (profile != null) {
			try {
				profile.load(cache, nanos, failed);
			}
			catch (RuntimeException ex) {
				profile.fail(ex);
			}
		}
	}

	/**
	 * Hook of a guard: an attempt of the guarded call starts (after every permission; once per retry).
	 */
	public static void guardAttempt() {
		if (!installed) {
			return;
		}
		RequestProfile profile = CURRENT.get();
		// attempts are told apart for the outermost guarded call only
		if (profile != null && profile.guardDepth == 1 && profile.guardAttempts++ == 0) {
			profile.guardFirstAttempt = System.nanoTime();
		}
	}

	/**
	 * Hook of a guard: a guarded call starts on this thread.
	 * @return the state to give back to {@link #guardEnded}
	 */
	public long guardStarted() {
		if (this.guardDepth++ == 0) {
			this.guardAttempts = 0;
			this.guardFirstAttempt = 0;
		}
		return System.nanoTime();
	}

	/**
	 * Hook of a guard: a guarded call ended.
	 * @param guard the guard's name
	 * @param start what {@link #guardStarted()} returned
	 * @param failure what the call threw, if anything
	 */
	public void guardEnded(String guard, long start, @Nullable Throwable failure) {
		boolean outermost = --this.guardDepth == 0;
		try {
			guarded(guard, start, failure, outermost);
		}
		catch (RuntimeException ex) {
			fail(ex);
		}
	}

	private void guarded(String guard, long start, @Nullable Throwable failure, boolean outermost) {
		long end = System.nanoTime();
		long nanos = end - start;
		int attempts = outermost ? this.guardAttempts : -1;
		// a call that threw before any attempt started was refused by its guard
		boolean rejected = failure != null && attempts == 0;
		long wait = (attempts > 0) ? Math.max(0, this.guardFirstAttempt - start) : (attempts == 0) ? nanos : 0;
		this.guardedCalls++;
		this.guardedNanos += nanos;
		this.guardWaitNanos += wait;
		if (rejected) {
			this.guardRejections++;
		}
		long self = attribute(end, nanos);
		this.guardedSelfNanos += self;
		Details details = details();
		if (details != null) {
			details.guarded(this.sequence++, guard, nanos, wait, attempts,
					rejected ? "rejected" : (failure != null) ? "error" : "success");
		}
	}

	/**
	 * Hook of the SQL profiler's result sets: the time this request spent reading the rows of one of its statements
	 * ({@code ResultSet.next()}), told once, when the result set is exhausted or closed. It counts as SQL.
	 * @param record the statement
	 * @param nanos time spent reading its rows
	 */
	public void rowsRead(QueryRecord record, long nanos) {
		if (this.owner == null || this.closed || nanos <= 0 || CURRENT.get() != this) {
			return;
		}
		try {
			long end = System.nanoTime();
			this.sqlNanos += nanos;
			this.readNanos += nanos;
			// a leaf, like the statement itself
			this.attributed += nanos;
			mark(end);
			Details details = details();
			if (details != null) {
				details.read(record, nanos);
			}
		}
		catch (RuntimeException ex) {
			fail(ex);
		}
	}

	/** Counts a failure of the recording, never thrown to the request. */
	void fail(Throwable failure) {
		this.failed = true;
		RequestProfiles owner = this.owner;
		if (owner != null) {
			owner.failed(failure);
		}
	}

	void statement(QueryRecord record, AnalyzedSql sql, long end) {
		this.statements++;
		long nanos = record.getDurationNanos();
		this.sqlNanos += nanos;
		// a leaf: nothing nests in a statement
		this.attributed += nanos;
		mark(end);
		Details details = details();
		if (details != null) {
			if (!details.statement(this.sequence++, record)) {
				this.overflowRows += record.getRows();
			}
			if (details.distinct(sql)) {
				this.distinctFingerprints++;
			}
		}
		else {
			this.overflowRows += record.getRows();
		}
	}

	void nPlusOne() {
		this.nPlusOne++;
	}

	private void read(String cache, int slot, boolean hit) {
		this.gets[slot]++;
		if (hit) {
			this.hits[slot]++;
		}
		Details details = details();
		if (details != null) {
			details.cache(this.sequence++, cache, slot, hit ? HIT : MISS, 0);
		}
	}

	private void load(String cache, long nanos, boolean failed) {
		long end = System.nanoTime();
		if (failed) {
			this.loadFailures++;
		}
		else {
			this.loads++;
		}
		this.loadNanos += nanos;
		this.loadSelfNanos += attribute(end, nanos);
		Details details = details();
		if (details != null) {
			details.cache(this.sequence++, cache, -1, failed ? LOAD_FAILED : LOAD, nanos);
		}
	}

	/**
	 * Attributes the part of an enclosing piece of work (a load, a guarded call) ending at {@code end} that nested
	 * parts did not already take.
	 * @return the exclusive nanoseconds attributed
	 */
	private long attribute(long end, long nanos) {
		if (nanos <= 0) {
			return 0;
		}
		long nested = this.attributed - attributedAt(end - nanos);
		long self = Math.max(0, nanos - nested);
		this.attributed += self;
		mark(end);
		return self;
	}

	private void mark(long end) {
		Details details = details();
		if (details == null) {
			return;
		}
		int slot = this.marks++ % MARKS;
		details.markEnds[slot] = end;
		details.markSums[slot] = this.attributed;
	}

	/** Sum of parts attributed by {@code time}: the newest mark not after it. */
	private long attributedAt(long time) {
		Details details = details();
		if (details == null) {
			// no buffers (max-statements 0): nested parts are not told apart
			return this.attributed;
		}
		int count = Math.min(this.marks, MARKS);
		for (int i = 1; i <= count; i++) {
			int slot = (this.marks - i) % MARKS;
			if (details.markEnds[slot] - time <= 0) {
				return details.markSums[slot];
			}
		}
		if (this.marks <= MARKS) {
			return 0;
		}
		// more nested parts than marks: the oldest mark kept is the best lower bound (the rest may be overstated)
		return details.markSums[this.marks % MARKS];
	}

	private @Nullable Details details() {
		Details details = this.details;
		RequestProfiles owner = this.owner;
		if (details == null && owner != null) {
			details = owner.lend();
			this.details = details;
		}
		return details;
	}

	/**
	 * Names the unit of work, when its name is known only at its end (an HTTP request's route once it was mapped).
	 * @param name the route ({@code GET /api/orders/{id}}) or job name
	 */
	public void setName(String name) {
		if (this.owner != null) {
			this.name = name;
		}
	}

	/**
	 * Ends the unit of work on this thread: its totals go to its route, and it is kept with its details when it
	 * took at least the slow threshold. Closing twice, or closing the handle of a nested scope, does nothing.
	 */
	@Override
	public void close() {
		RequestProfiles owner = this.owner;
		if (owner == null || this.closed) {
			return;
		}
		this.closed = true;
		owner.end(this);
	}

	/** @return the request's sequence number */
	public long getId() {
		return this.id;
	}

	/** @return statements run so far */
	public int getStatements() {
		return this.statements;
	}

	/** @return time in SQL so far, in nanoseconds */
	public long getSqlNanos() {
		return this.sqlNanos;
	}

	/** @return guarded calls so far */
	public int getGuardedCalls() {
		return this.guardedCalls;
	}

	/** @return cache loads so far */
	public int getLoads() {
		return this.loads;
	}

	long rows() {
		long rows = this.overflowRows;
		Details details = this.details;
		if (details != null) {
			rows += details.rows();
		}
		return rows;
	}

	/**
	 * The detail buffers of a request, lent by {@link RequestProfiles} at the request's first event and given back at
	 * its end, so that a request that is not kept allocates nothing for them and no thread keeps them. Bounded; what
	 * overflows is counted in the totals only.
	 */
	static final class Details {

		final QueryRecord[] statements;

		final int[] statementSequence;

		final long[] statementReadNanos;

		int statementCount;

		final AnalyzedSql[] distinct = new AnalyzedSql[64];

		final long[] markEnds = new long[MARKS];

		final long[] markSums = new long[MARKS];

		int distinctCount;

		final String[] eventCache;

		final int[] eventSequence;

		final byte[] eventKind;

		final byte[] eventLayer;

		final long[] eventNanos;

		int eventCount;

		final String[] guards;

		final int[] guardSequence;

		final long[] guardNanos;

		final long[] guardWait;

		final int[] guardAttempts;

		final String[] guardOutcome;

		int guardCount;

		Details(int maxStatements, int maxEvents) {
			this.statements = new QueryRecord[maxStatements];
			this.statementSequence = new int[maxStatements];
			this.statementReadNanos = new long[maxStatements];
			this.eventCache = new String[maxEvents];
			this.eventSequence = new int[maxEvents];
			this.eventKind = new byte[maxEvents];
			this.eventLayer = new byte[maxEvents];
			this.eventNanos = new long[maxEvents];
			this.guards = new String[maxEvents];
			this.guardSequence = new int[maxEvents];
			this.guardNanos = new long[maxEvents];
			this.guardWait = new long[maxEvents];
			this.guardAttempts = new int[maxEvents];
			this.guardOutcome = new String[maxEvents];
		}

		boolean statement(int sequence, QueryRecord record) {
			int index = this.statementCount;
			if (index >= this.statements.length) {
				return false;
			}
			this.statements[index] = record;
			this.statementSequence[index] = sequence;
			this.statementReadNanos[index] = 0;
			this.statementCount = index + 1;
			return true;
		}

		/** Adds the time reading a statement's rows to it; the statement is usually the last one, or close to it. */
		void read(QueryRecord record, long nanos) {
			for (int i = this.statementCount - 1; i >= 0; i--) {
				if (this.statements[i] == record) {
					this.statementReadNanos[i] += nanos;
					return;
				}
			}
		}

		/** Whether a statement's fingerprint is new in this request (exact up to 64 distinct fingerprints). */
		boolean distinct(AnalyzedSql sql) {
			int count = this.distinctCount;
			for (int i = count - 1; i >= 0; i--) {
				AnalyzedSql seen = this.distinct[i];
				if (seen == sql || seen.getFingerprint().equals(sql.getFingerprint())) {
					return false;
				}
			}
			if (count < this.distinct.length) {
				this.distinct[count] = sql;
				this.distinctCount = count + 1;
			}
			return true;
		}

		void cache(int sequence, String cache, int slot, byte kind, long nanos) {
			int index = this.eventCount;
			if (index >= this.eventCache.length) {
				return;
			}
			this.eventCache[index] = cache;
			this.eventSequence[index] = sequence;
			this.eventKind[index] = kind;
			this.eventLayer[index] = (byte) slot;
			this.eventNanos[index] = nanos;
			this.eventCount = index + 1;
		}

		void guarded(int sequence, String guard, long nanos, long wait, int attempts, String outcome) {
			int index = this.guardCount;
			if (index >= this.guards.length) {
				return;
			}
			this.guards[index] = guard;
			this.guardSequence[index] = sequence;
			this.guardNanos[index] = nanos;
			this.guardWait[index] = wait;
			this.guardAttempts[index] = attempts;
			this.guardOutcome[index] = outcome;
			this.guardCount = index + 1;
		}

		long rows() {
			long rows = 0;
			for (int i = 0; i < this.statementCount; i++) {
				rows += this.statements[i].getRows();
			}
			return rows;
		}

		/** Forget the request: references dropped, so a pooled thread keeps no statement alive. */
		void clear() {
			for (int i = 0; i < this.statementCount; i++) {
				this.statements[i] = null;
			}
			for (int i = 0; i < this.distinctCount; i++) {
				this.distinct[i] = null;
			}
			for (int i = 0; i < this.eventCount; i++) {
				this.eventCache[i] = null;
			}
			for (int i = 0; i < this.guardCount; i++) {
				this.guards[i] = null;
				this.guardOutcome[i] = null;
			}
			this.statementCount = 0;
			this.distinctCount = 0;
			this.eventCount = 0;
			this.guardCount = 0;
		}

	}

}

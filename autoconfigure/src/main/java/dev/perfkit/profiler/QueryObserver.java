package dev.perfkit.profiler;

/**
 * Callback told of every recorded statement, on the thread that ran it; used for metrics. Implementations must be
 * fast and must not throw (a throwing observer is counted as a profiler failure and otherwise ignored).
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface QueryObserver {

	/**
	 * Called once a statement completed.
	 * @param query the statement
	 * @param sql its analysis, whose {@link AnalyzedSql#getObserverState() observer state} may cache handles
	 */
	void onQuery(QueryRecord query, AnalyzedSql sql);

	/**
	 * Called when an N+1 pattern is detected.
	 * @param incident the incident
	 */
	default void onNPlusOne(NPlusOneIncident incident) {
	}

}

package dev.perfkit.profiler;

/**
 * Kind of a SQL statement, classified on its first keyword after comments, whitespace and parentheses.
 *
 * @since 0.1.0
 */
public enum SqlOperation {

	/** {@code SELECT}, {@code WITH}, {@code VALUES} and {@code TABLE} statements. */
	SELECT,

	/** {@code INSERT}, {@code REPLACE} and {@code MERGE} statements. */
	INSERT,

	/** {@code UPDATE} statements. */
	UPDATE,

	/** {@code DELETE} statements. */
	DELETE,

	/** Everything else: DDL, {@code SET}, {@code SHOW}, {@code CALL}, transaction control. */
	OTHER;

	private static final SqlOperation[] VALUES = values();

	static SqlOperation[] all() {
		return VALUES;
	}

}

package dev.perfkit.profiler.jdbc;

import java.sql.CallableStatement;

/**
 * Callable statement, profiled like a prepared statement (positional parameters only are captured).
 */
final class ProfilingCallableStatement extends DelegatingCallableStatement {

	ProfilingCallableStatement(CallableStatement callable, ProfilingConnection connection, String sql) {
		super(callable, connection, sql);
	}

}

/**
 * JDBC wrappers that time every statement on the caller's thread and record it in the profiler.
 */
@NullMarked
package dev.perfkit.profiler.jdbc;

import org.jspecify.annotations.NullMarked;

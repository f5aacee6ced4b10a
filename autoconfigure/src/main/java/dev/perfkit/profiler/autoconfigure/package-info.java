/**
 * Auto-configuration of the SQL profiler: DataSource wrapping, endpoint, health and metrics.
 */
@NullMarked
package dev.perfkit.profiler.autoconfigure;

import org.jspecify.annotations.NullMarked;

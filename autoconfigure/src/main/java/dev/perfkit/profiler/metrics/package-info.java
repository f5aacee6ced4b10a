/**
 * Micrometer meters of the SQL profiler.
 */
@NullMarked
package dev.perfkit.profiler.metrics;

import org.jspecify.annotations.NullMarked;

/**
 * Health contributor of the SQL profiler.
 */
@NullMarked
package dev.perfkit.profiler.health;

import org.jspecify.annotations.NullMarked;

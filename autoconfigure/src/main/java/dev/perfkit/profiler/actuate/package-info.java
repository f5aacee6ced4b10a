/**
 * Actuator endpoint of the SQL profiler.
 */
@NullMarked
package dev.perfkit.profiler.actuate;

import org.jspecify.annotations.NullMarked;

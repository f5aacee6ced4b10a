/**
 * Actuator endpoints for throttling, rate limits, guards and the worker pool.
 */
@NullMarked
package dev.perfkit.resilience.actuate;

import org.jspecify.annotations.NullMarked;

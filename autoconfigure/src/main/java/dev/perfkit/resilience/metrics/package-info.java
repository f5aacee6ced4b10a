/**
 * Micrometer meters for throttling, rate limiting and the worker pool.
 */
@NullMarked
package dev.perfkit.resilience.metrics;

import org.jspecify.annotations.NullMarked;

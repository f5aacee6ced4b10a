/**
 * Guards: a circuit breaker, throttle, per-client limit, bulkhead, timeout and retry composed in one documented order.
 */
@NullMarked
package dev.perfkit.resilience.guard;

import org.jspecify.annotations.NullMarked;

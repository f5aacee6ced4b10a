/**
 * Global throttle on a Resilience4j rate limiter, fixed or adapted at run time (AIMD) to latency, errors and CPU.
 */
@NullMarked
package dev.perfkit.resilience.throttle;

import org.jspecify.annotations.NullMarked;

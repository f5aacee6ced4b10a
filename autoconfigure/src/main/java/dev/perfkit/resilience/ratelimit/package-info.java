/**
 * Per-client sliding-window rate limiting, in process or shared through Redis.
 */
@NullMarked
package dev.perfkit.resilience.ratelimit;

import org.jspecify.annotations.NullMarked;

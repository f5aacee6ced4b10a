/**
 * Resilience: the exceptions every protection throws, shared by throttling, rate limiting, guards and workers.
 */
@NullMarked
package dev.perfkit.resilience;

import org.jspecify.annotations.NullMarked;

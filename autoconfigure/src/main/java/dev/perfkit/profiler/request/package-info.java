/**
 * Request profiles: where each request's time went (SQL, cache loads, guarded calls, the rest), per route, with the
 * slowest requests kept.
 */
@NullMarked
package dev.perfkit.profiler.request;

import org.jspecify.annotations.NullMarked;

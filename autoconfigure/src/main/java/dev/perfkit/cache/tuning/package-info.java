/**
 * Automatic tuning of L1 sizes from the cache analytics, reversible and bounded by the memory guard.
 */
@NullMarked
package dev.perfkit.cache.tuning;

import org.jspecify.annotations.NullMarked;

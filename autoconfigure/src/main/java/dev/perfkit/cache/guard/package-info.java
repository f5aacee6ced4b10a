/**
 * Memory guard: shrinks L1 caches while the heap is under pressure and restores them afterwards.
 */
@NullMarked
package dev.perfkit.cache.guard;

import org.jspecify.annotations.NullMarked;

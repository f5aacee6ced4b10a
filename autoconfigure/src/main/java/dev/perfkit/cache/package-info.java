/**
 * Layered cache behind Spring's {@code CacheManager}: L1 in memory (Caffeine), L2 shared (Redis), L3 local and
 * persistent (SQLite), with promotion, per-entry TTL, tags, stampede protection and cross-instance L1 coherence.
 */
@NullMarked
package dev.perfkit.cache;

import org.jspecify.annotations.NullMarked;

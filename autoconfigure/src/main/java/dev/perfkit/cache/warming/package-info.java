/**
 * Cache warming: hot keys persisted in SQLite across restarts, start-up warming of L1 and scheduled warmers.
 */
@NullMarked
package dev.perfkit.cache.warming;

import org.jspecify.annotations.NullMarked;

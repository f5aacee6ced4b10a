/**
 * L3 of the layered cache: one SQLite file per application, in WAL mode, that keeps entries across restarts.
 */
@NullMarked
package dev.perfkit.cache.sqlite;

import org.jspecify.annotations.NullMarked;

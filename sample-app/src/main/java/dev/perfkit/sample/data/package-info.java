/**
 * Database set-up: the SQLite file's directory and the deterministic seed data.
 */
@NullMarked
package dev.perfkit.sample.data;

import org.jspecify.annotations.NullMarked;

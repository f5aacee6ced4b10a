/**
 * Finds or starts the real Redis and PostgreSQL servers that Perfkit's tests use.
 */
@NullMarked
package dev.perfkit.test;

import org.jspecify.annotations.NullMarked;

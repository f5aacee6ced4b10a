/**
 * Recent orders, read once with one query per order (N+1) and once with a single join.
 */
@NullMarked
package dev.perfkit.sample.order;

import org.jspecify.annotations.NullMarked;

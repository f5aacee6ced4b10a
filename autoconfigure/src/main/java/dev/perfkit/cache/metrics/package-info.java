/**
 * Micrometer meters of the layered cache: Spring's standard cache meters and Perfkit's per-layer meters.
 */
@NullMarked
package dev.perfkit.cache.metrics;

import org.jspecify.annotations.NullMarked;

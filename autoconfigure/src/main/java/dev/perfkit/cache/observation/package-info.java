/**
 * Micrometer Observations of the layered cache's loads and lower-layer calls (never of an L1 hit).
 */
@NullMarked
package dev.perfkit.cache.observation;

import org.jspecify.annotations.NullMarked;

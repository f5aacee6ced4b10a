/**
 * Micrometer Observations of guarded calls and worker tasks.
 */
@NullMarked
package dev.perfkit.resilience.observation;

import org.jspecify.annotations.NullMarked;

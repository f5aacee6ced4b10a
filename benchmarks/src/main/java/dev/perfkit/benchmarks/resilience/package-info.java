/**
 * Benchmarks of Perfkit's resilience capability against Resilience4j and Bucket4j.
 */
@NullMarked
package dev.perfkit.benchmarks.resilience;

import org.jspecify.annotations.NullMarked;

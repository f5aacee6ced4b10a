/**
 * A seeded, model-based checker of cache coherence across instances: random schedules of reads, writes and faults, and
 * a model of the values a read may return.
 */
@NullMarked
package dev.perfkit.test.coherence;

import org.jspecify.annotations.NullMarked;

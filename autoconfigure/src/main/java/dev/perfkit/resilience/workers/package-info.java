/**
 * Priority worker pool with per-task timeouts, a bounded queue and batch runs.
 */
@NullMarked
package dev.perfkit.resilience.workers;

import org.jspecify.annotations.NullMarked;

/**
 * Benchmarks of monitoring: the cost of evaluating alert rules against a meter registry.
 */
@NullMarked
package dev.perfkit.benchmarks.monitor;

import org.jspecify.annotations.NullMarked;

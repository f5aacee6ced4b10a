/**
 * The report generator: JMH's JSON results in, the markdown tables of {@code BENCHMARKS.md} out.
 */
package dev.perfkit.benchmarks.report;

/**
 * Benchmarks of the SQL profiler against a raw pool, datasource-proxy and p6spy.
 */
package dev.perfkit.benchmarks.profiler;

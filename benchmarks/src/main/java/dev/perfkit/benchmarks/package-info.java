/**
 * JMH benchmarks that put Perfkit beside the library a user would otherwise pick, in the same run.
 */
package dev.perfkit.benchmarks;

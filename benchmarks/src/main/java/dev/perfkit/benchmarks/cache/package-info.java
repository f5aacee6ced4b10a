/**
 * Cache benchmarks: hits and misses through Perfkit's layered cache and through its peers.
 */
package dev.perfkit.benchmarks.cache;

/**
 * Plans of slow statements, captured off the caller's thread.
 */
@NullMarked
package dev.perfkit.profiler.explain;

import org.jspecify.annotations.NullMarked;

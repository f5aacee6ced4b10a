/**
 * A flaky downstream service with a failure rate that can be changed at run time.
 */
@NullMarked
package dev.perfkit.sample.downstream;

import org.jspecify.annotations.NullMarked;

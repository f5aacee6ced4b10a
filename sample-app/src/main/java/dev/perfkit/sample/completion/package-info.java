/**
 * A slow, deterministic completion service that stands for an expensive external call.
 */
@NullMarked
package dev.perfkit.sample.completion;

import org.jspecify.annotations.NullMarked;

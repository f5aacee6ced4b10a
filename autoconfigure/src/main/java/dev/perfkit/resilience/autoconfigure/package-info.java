/**
 * Auto-configuration of Perfkit's resilience capability.
 */
@NullMarked
package dev.perfkit.resilience.autoconfigure;

import org.jspecify.annotations.NullMarked;

/**
 * Perfkit's root auto-configuration: the global switch and start-up diagnostics shared by every capability.
 */
@NullMarked
package dev.perfkit.autoconfigure;

import org.jspecify.annotations.NullMarked;

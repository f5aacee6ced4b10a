/**
 * Actuator endpoint of the layered cache.
 */
@NullMarked
package dev.perfkit.cache.actuate;

import org.jspecify.annotations.NullMarked;

/**
 * Health contributor of the layered cache.
 */
@NullMarked
package dev.perfkit.cache.health;

import org.jspecify.annotations.NullMarked;

/**
 * Auto-configuration of the layered cache.
 */
@NullMarked
package dev.perfkit.cache.autoconfigure;

import org.jspecify.annotations.NullMarked;

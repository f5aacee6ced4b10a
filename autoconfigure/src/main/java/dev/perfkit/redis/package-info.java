/**
 * Perfkit's own Redis connections, derived from the application's, so that no Perfkit call waits on a connection
 * another component is opening.
 */
@NullMarked
package dev.perfkit.redis;

import org.jspecify.annotations.NullMarked;

/**
 * Alert rules evaluated in-process over Micrometer meters, and the events they publish.
 */
@NullMarked
package dev.perfkit.monitor;

import org.jspecify.annotations.NullMarked;

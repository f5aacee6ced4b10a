/**
 * Embedded live dashboard: one page served from the jar that charts Perfkit's own endpoints.
 */
@NullMarked
package dev.perfkit.monitor.dashboard;

import org.jspecify.annotations.NullMarked;

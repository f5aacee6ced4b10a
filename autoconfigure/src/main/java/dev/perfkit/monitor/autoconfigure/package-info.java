/**
 * Auto-configuration for monitoring: alert rules, the alerts endpoint, metric annotations and the embedded dashboard.
 */
@NullMarked
package dev.perfkit.monitor.autoconfigure;

import org.jspecify.annotations.NullMarked;

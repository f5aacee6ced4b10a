/**
 * Actuator endpoint that lists active and recent alerts and the state of every rule.
 */
@NullMarked
package dev.perfkit.monitor.actuate;

import org.jspecify.annotations.NullMarked;

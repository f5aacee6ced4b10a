/**
 * Reacting to Perfkit's alerts: a webhook notifier.
 */
@NullMarked
package dev.perfkit.sample.alert;

import org.jspecify.annotations.NullMarked;

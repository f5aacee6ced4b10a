/**
 * Start-up cost tests: what Perfkit loads when it is switched off.
 */
package dev.perfkit.autoconfigure.startup;

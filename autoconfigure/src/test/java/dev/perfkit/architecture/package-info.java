/**
 * Tests that keep the house rules of STYLE.md true.
 */
package dev.perfkit.architecture;

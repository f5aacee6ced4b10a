/**
 * Checks that keep the documentation true to the build: the generated property reference and the links between pages.
 */
package dev.perfkit.docs;

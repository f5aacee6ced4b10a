/**
 * Sample application: a product catalogue with orders that shows what Perfkit does.
 */
@NullMarked
package dev.perfkit.sample;

import org.jspecify.annotations.NullMarked;

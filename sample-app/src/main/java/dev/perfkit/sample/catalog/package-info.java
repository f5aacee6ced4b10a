/**
 * Products of the catalogue: lookup by id (cached) and a deliberately slow search.
 */
@NullMarked
package dev.perfkit.sample.catalog;

import org.jspecify.annotations.NullMarked;

/**
 * Micrometer Observations of JDBC statements and connection acquisitions, named like datasource-micrometer's.
 */
@NullMarked
package dev.perfkit.profiler.observation;

import org.jspecify.annotations.NullMarked;

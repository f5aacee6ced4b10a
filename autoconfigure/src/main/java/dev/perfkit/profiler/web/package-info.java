/**
 * Servlet integration of the SQL profiler: one N+1 detection scope per HTTP request.
 */
@NullMarked
package dev.perfkit.profiler.web;

import org.jspecify.annotations.NullMarked;

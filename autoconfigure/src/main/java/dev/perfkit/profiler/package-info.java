/**
 * SQL profiler: statement records, fingerprint statistics, slow statements and N+1 detection.
 */
@NullMarked
package dev.perfkit.profiler;

import org.jspecify.annotations.NullMarked;

/**
 * Servlet filter that applies per-client rate limits to HTTP requests and answers 429 or 503 with problem details.
 */
@NullMarked
package dev.perfkit.resilience.web;

import org.jspecify.annotations.NullMarked;

/**
 * Error handling shared by the REST controllers: RFC 9457 problem details.
 */
@NullMarked
package dev.perfkit.sample.web;

import org.jspecify.annotations.NullMarked;

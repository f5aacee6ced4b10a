/**
 * Support shared by Perfkit's Actuator endpoints: the problem body of a refused request.
 */
@NullMarked
package dev.perfkit.actuate;

import org.jspecify.annotations.NullMarked;

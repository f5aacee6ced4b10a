/** Tests of Perfkit's AOT hints. */
package dev.perfkit.autoconfigure.aot;

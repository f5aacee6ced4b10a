/**
 * A gadget-style class outside every trusted package, and the witness that records whether it was ever touched.
 */
package dev.perfkit.gadget;

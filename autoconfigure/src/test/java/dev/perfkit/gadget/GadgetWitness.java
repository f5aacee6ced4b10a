package dev.perfkit.gadget;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts what ran of {@link Gadget}: its static initializer, its constructor and its setter.
 */
public final class GadgetWitness {

	/** Runs of Gadget's static initializer. */
	public static final AtomicInteger INITIALIZED = new AtomicInteger();

	/** Gadget instances created. */
	public static final AtomicInteger CONSTRUCTED = new AtomicInteger();

	/** Calls of Gadget's setter. */
	public static final AtomicInteger COMMANDS = new AtomicInteger();

	private GadgetWitness() {
	}

	/**
	 * Sum of every count.
	 * @return how often any part of Gadget ran
	 */
	public static int total() {
		return INITIALIZED.get() + CONSTRUCTED.get() + COMMANDS.get();
	}

}

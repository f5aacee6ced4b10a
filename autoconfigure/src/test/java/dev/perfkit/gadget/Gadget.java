package dev.perfkit.gadget;

/**
 * Stands for a deserialization gadget: a class whose static initializer, constructor and setter have side effects
 * (here recorded by {@link GadgetWitness} instead of running a command).
 */
public class Gadget {

	static {
		GadgetWitness.INITIALIZED.incrementAndGet();
	}

	private String command = "";

	public Gadget() {
		GadgetWitness.CONSTRUCTED.incrementAndGet();
	}

	public String getCommand() {
		return this.command;
	}

	public void setCommand(String command) {
		GadgetWitness.COMMANDS.incrementAndGet();
		this.command = command;
	}

}

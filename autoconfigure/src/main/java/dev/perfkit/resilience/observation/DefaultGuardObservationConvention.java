package dev.perfkit.resilience.observation;

import io.micrometer.common.KeyValues;

/**
 * Default {@link GuardObservationConvention}: {@code perfkit.guard}, contextual name {@code guard <name>}, tagged with
 * the guard's name (a configured name, so bounded). A refusal is the observation's error.
 *
 * @since 0.1.0
 */
public class DefaultGuardObservationConvention implements GuardObservationConvention {

	/** Shared instance. */
	public static final DefaultGuardObservationConvention INSTANCE = new DefaultGuardObservationConvention();

	@Override
	public String getName() {
		return "perfkit.guard";
	}

	@Override
	public String getContextualName(GuardContext context) {
		return "guard " + context.getGuardName();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(GuardContext context) {
		return KeyValues.of("guard", context.getGuardName());
	}

}

package dev.perfkit.resilience.autoconfigure;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when at least one guard is configured under {@code perfkit.resilience.guards}: {@code @Guarded} names a
 * configured guard, so without one the aspect (and AspectJ's pointcut matching on every bean) would be start-up
 * cost for nothing.
 */
class OnGuardsCondition extends SpringBootCondition {

	static final String GUARDS = "perfkit.resilience.guards";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		int guards = Binder.get(context.getEnvironment())
			.bind(GUARDS, Bindable.mapOf(String.class, String.class))
			.map(Map::size)
			.orElse(0);
		return (guards > 0) ? ConditionOutcome.match(GUARDS + " has entries")
				: ConditionOutcome.noMatch(GUARDS + " is empty");
	}

}

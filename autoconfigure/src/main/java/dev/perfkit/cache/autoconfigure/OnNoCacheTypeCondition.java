package dev.perfkit.cache.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches unless the application chose a cache type of Spring Boot's ({@code spring.cache.type}). */
class OnNoCacheTypeCondition extends SpringBootCondition {

	static final String CACHE_TYPE = "spring.cache.type";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		String type = context.getEnvironment().getProperty(CACHE_TYPE);
		return (type == null) ? ConditionOutcome.match(CACHE_TYPE + " is not set")
				: ConditionOutcome.noMatch(CACHE_TYPE + " is set to " + type);
	}

}

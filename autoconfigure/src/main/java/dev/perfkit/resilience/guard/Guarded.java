package dev.perfkit.resilience.guard;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs every call of the annotated method (or of every public method of the annotated class) through a configured
 * {@link Guard}. Named so as not to clash with Spring Framework 7's {@code @Retryable} and {@code @ConcurrencyLimit}.
 * <pre class="code">
 * &#064;Guarded(value = "llm", client = "#userId")
 * public Completion complete(String userId, String prompt) { ... }
 * </pre>
 *
 * @since 0.1.0
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Guarded {

	/**
	 * Name of the guard, as configured under {@code perfkit.resilience.guards.<name>}.
	 * @return the guard name
	 */
	String value();

	/**
	 * SpEL expression for the client id the per-client rate limit counts the call against, evaluated against the
	 * method's arguments ({@code #userId}, {@code #p0}, {@code #request.tenant}). Empty for an anonymous call.
	 * @return the client expression
	 */
	String client() default "";

}

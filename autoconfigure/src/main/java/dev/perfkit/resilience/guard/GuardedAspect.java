package dev.perfkit.resilience.guard;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.reflect.MethodSignature;
import org.jspecify.annotations.Nullable;

import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.Order;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.standard.SpelExpressionParser;

/**
 * Aspect behind {@link Guarded @Guarded}: resolves the guard and the client expression once per method and runs the
 * call through {@link Guard#call(String, java.util.concurrent.Callable)}.
 *
 * @since 0.1.0
 */
@Aspect
@Order(0)
public class GuardedAspect {

	private final GuardRegistry guards;

	private final SpelExpressionParser parser = new SpelExpressionParser();

	private final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

	private final Map<Method, Target> targets = new ConcurrentHashMap<>();

	/**
	 * Creates the aspect.
	 * @param guards the guards
	 */
	public GuardedAspect(GuardRegistry guards) {
		this.guards = guards;
	}

	/**
	 * Runs an annotated call through its guard.
	 * @param joinPoint the call
	 * @return the call's result
	 * @throws Throwable what the call throws, or a protection exception
	 */
	@Around("@annotation(dev.perfkit.resilience.guard.Guarded) || @within(dev.perfkit.resilience.guard.Guarded)")
	public @Nullable Object guard(ProceedingJoinPoint joinPoint) throws Throwable {
		MethodSignature signature = (MethodSignature) joinPoint.getSignature();
		Method method = signature.getMethod();
		Target target = this.targets.computeIfAbsent(method, (key) -> target(key, joinPoint.getTarget()));
		String clientId = target.clientId(method, joinPoint.getArgs(), this.parameterNames);
		return target.guard.call(clientId, () -> {
			try {
				return joinPoint.proceed();
			}
			catch (Exception | Error ex) {
				throw ex;
			}
			catch (Throwable ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	private Target target(Method method, @Nullable Object bean) {
		Guarded guarded = AnnotatedElementUtils.findMergedAnnotation(method, Guarded.class);
		if (guarded == null && bean != null) {
			guarded = AnnotatedElementUtils.findMergedAnnotation(bean.getClass(), Guarded.class);
		}
		if (guarded == null) {
			guarded = AnnotatedElementUtils.findMergedAnnotation(method.getDeclaringClass(), Guarded.class);
		}
		if (guarded == null) {
			throw new IllegalStateException("No @Guarded on " + method);
		}
		Expression client = guarded.client().isEmpty() ? null : this.parser.parseExpression(guarded.client());
		return new Target(this.guards.guard(guarded.value()), client);
	}

	private record Target(Guard guard, @Nullable Expression client) {

		String clientId(Method method, Object[] args, ParameterNameDiscoverer parameterNames) {
			if (this.client == null) {
				return "";
			}
			MethodBasedEvaluationContext context = new MethodBasedEvaluationContext(null, method, args,
					parameterNames);
			Object value = this.client.getValue(context);
			return (value != null) ? value.toString() : "";
		}

	}

}

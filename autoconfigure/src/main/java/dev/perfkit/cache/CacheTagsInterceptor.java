package dev.perfkit.cache;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.util.ObjectUtils;

/**
 * Makes {@link CacheTags} work: wraps every cached method (outside Spring's cache interceptor) and exposes, for the
 * duration of the call, how to compute the tags of what the call writes. {@link LayeredCache} asks for them when it
 * writes the entry, with the result in hand. Methods without {@code @CacheTags} expose "no tags", so a cached call
 * nested in a tagged one is not tagged by mistake.
 *
 * @since 0.1.0
 */
public class CacheTagsInterceptor implements MethodInterceptor {

	private static final Log logger = LogFactory.getLog(CacheTagsInterceptor.class);

	private static final ThreadLocal<@Nullable Call> CURRENT = new ThreadLocal<>();

	private static final Expression[] NONE = {};

	private final SpelExpressionParser parser = new SpelExpressionParser();

	private final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

	private final Map<Method, Expression[]> expressions = new ConcurrentHashMap<>();

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object target = invocation.getThis();
		Method method = (target != null) ? AopUtils.getMostSpecificMethod(invocation.getMethod(), target.getClass())
				: invocation.getMethod();
		Expression[] parsed = this.expressions.computeIfAbsent(method, this::parse);
		Call previous = CURRENT.get();
		CURRENT.set((parsed.length > 0) ? new Call(this, method, invocation.getArguments(), target, parsed) : null);
		try {
			return invocation.proceed();
		}
		finally {
			CURRENT.set(previous);
		}
	}

	private Expression[] parse(Method method) {
		CacheTags tags = AnnotatedElementUtils.findMergedAnnotation(method, CacheTags.class);
		if (tags == null || tags.value().length == 0) {
			return NONE;
		}
		Expression[] parsed = new Expression[tags.value().length];
		for (int i = 0; i < parsed.length; i++) {
			parsed[i] = this.parser.parseExpression(tags.value()[i]);
		}
		return parsed;
	}

	/**
	 * Tags of an entry written during the current cached call, or none outside one.
	 */
	static String[] currentTags(@Nullable Object result, String[] none) {
		Call call = CURRENT.get();
		return (call != null) ? call.tags(result, none) : none;
	}

	private record Call(CacheTagsInterceptor interceptor, Method method, @Nullable Object[] arguments,
			@Nullable Object target, Expression[] expressions) {

		String[] tags(@Nullable Object result, String[] none) {
			MethodBasedEvaluationContext context = new MethodBasedEvaluationContext(this.target, this.method,
					this.arguments, this.interceptor.parameterNames);
			context.setVariable("result", result);
			List<String> tags = new ArrayList<>();
			for (Expression expression : this.expressions) {
				try {
					add(tags, expression.getValue(context));
				}
				catch (RuntimeException ex) {
					logger.debug("Cache tag expression '" + expression.getExpressionString() + "' of " + this.method
							+ " failed", ex);
				}
			}
			return tags.isEmpty() ? none : tags.toArray(String[]::new);
		}

		private static void add(List<String> tags, @Nullable Object value) {
			if (value == null) {
				return;
			}
			if (value instanceof Collection<?> collection) {
				collection.forEach((element) -> add(tags, element));
			}
			else if (value.getClass().isArray()) {
				for (Object element : ObjectUtils.toObjectArray(value)) {
					add(tags, element);
				}
			}
			else {
				tags.add(value.toString());
			}
		}

	}

}

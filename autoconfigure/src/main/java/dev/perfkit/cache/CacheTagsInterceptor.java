package dev.perfkit.cache;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.perfkit.cache.observation.CacheObservations;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.support.AopUtils;
import org.springframework.cache.annotation.CacheConfig;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.Caching;
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

	// one mutable frame per thread while a cached call runs: a nested call saves and restores its fields, the
	// outermost one removes it, so nothing stays on a pooled thread after the call
	private static final ThreadLocal<Frame> CURRENT = new ThreadLocal<>();

	private static final Expression[] NONE = {};

	private final SpelExpressionParser parser = new SpelExpressionParser();

	private final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

	private final Map<Method, Info> methods = new ConcurrentHashMap<>();

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object target = invocation.getThis();
		Method method = (target != null) ? AopUtils.getMostSpecificMethod(invocation.getMethod(), target.getClass())
				: invocation.getMethod();
		Info info = this.methods.get(method);
		if (info == null) {
			// not computeIfAbsent(method, this::parse) on every call: the bound method reference is an allocation
			info = this.methods.computeIfAbsent(method, this::parse);
		}
		Frame frame = CURRENT.get();
		if (frame == null) {
			frame = new Frame();
			CURRENT.set(frame);
		}
		Call previousCall = frame.call;
		MethodInvocation previousInvocation = frame.invocation;
		Info previousInfo = frame.info;
		String previousMissCache = frame.missCache;
		String previousMissId = frame.missId;
		Object previousMiss = frame.miss;
		CacheObservations.Load previousLoad = frame.load;
		Throwable failure = null;
		try {
			// inside the try: whatever fails here still leaves the thread as the call found it
			frame.call = (info.tags.length > 0) ? new Call(this, method, invocation.getArguments(), target, info.tags)
					: null;
			frame.invocation = invocation;
			frame.info = info;
			frame.missCache = null;
			frame.missId = null;
			frame.miss = null;
			frame.load = null;
			return invocation.proceed();
		}
		catch (Throwable ex) {
			failure = ex;
			throw ex;
		}
		finally {
			CacheObservations.Load load = frame.load;
			if (load != null) {
				load.end(failure);
			}
			if (previousInvocation == null) {
				CURRENT.remove();
			}
			else {
				frame.call = previousCall;
				frame.invocation = previousInvocation;
				frame.info = previousInfo;
				frame.missCache = previousMissCache;
				frame.missId = previousMissId;
				frame.miss = previousMiss;
				frame.load = previousLoad;
			}
		}
	}

	private Info parse(Method method) {
		Set<String> cacheNames = new HashSet<>();
		Cacheable cacheable = AnnotatedElementUtils.findMergedAnnotation(method, Cacheable.class);
		if (cacheable == null) {
			cacheable = AnnotatedElementUtils.findMergedAnnotation(method.getDeclaringClass(), Cacheable.class);
		}
		if (cacheable != null) {
			cacheNames.addAll(List.of(cacheable.cacheNames()));
		}
		CacheConfig config = AnnotatedElementUtils.findMergedAnnotation(method.getDeclaringClass(), CacheConfig.class);
		if (cacheNames.isEmpty() && config != null) {
			cacheNames.addAll(List.of(config.cacheNames()));
		}
		// a method that also puts (@CachePut, or @Caching with puts) writes updates: none of its writes is a fill
		boolean fills = cacheable != null && AnnotatedElementUtils.findMergedAnnotation(method, CachePut.class) == null
				&& AnnotatedElementUtils.findMergedAnnotation(method, Caching.class) == null;
		CacheTags tags = AnnotatedElementUtils.findMergedAnnotation(method, CacheTags.class);
		if (tags == null || tags.value().length == 0) {
			return new Info(NONE, cacheable != null, fills, Set.copyOf(cacheNames));
		}
		Expression[] parsed = new Expression[tags.value().length];
		for (int i = 0; i < parsed.length; i++) {
			parsed[i] = this.parser.parseExpression(tags.value()[i]);
		}
		return new Info(parsed, cacheable != null, fills, Set.copyOf(cacheNames));
	}

	/**
	 * Notes that the current {@code @Cacheable} call missed a key in a cache everywhere: Spring's cache interceptor
	 * runs the method next and writes its result, a fill. Outside such a call, nothing is noted.
	 */
	static void missed(String cache, String id, Object miss) {
		Frame frame = CURRENT.get();
		if (frame != null && frame.info != null && frame.info.fills
				&& (frame.info.cacheNames.isEmpty() || frame.info.cacheNames.contains(cache))) {
			frame.missCache = cache;
			frame.missId = id;
			frame.miss = miss;
		}
	}

	/**
	 * Starts observing the load of the current {@code @Cacheable} call that missed everywhere: from the miss until
	 * the call returns, current meanwhile, so what the method does (SQL) is its child.
	 */
	static void loading(CacheObservations observations, String cache) {
		Frame frame = CURRENT.get();
		if (frame != null && frame.load == null && cache.equals(frame.missCache)) {
			frame.load = observations.startLoad(cache);
		}
	}

	/**
	 * Whether a write is the current {@code @Cacheable} call filling the miss it had on the key, and since when: the
	 * write Spring's cache interceptor makes with the method's result. Any other write (an API {@code put}, a
	 * {@code @CachePut}, a write inside the method) is an update.
	 * @return what the cache noted at the miss, or {@code null} if the write is not such a fill
	 */
	static @Nullable Object fillOf(String cache, String id) {
		Frame frame = CURRENT.get();
		if (frame == null || !cache.equals(frame.missCache) || !id.equals(frame.missId)) {
			return null;
		}
		Object miss = frame.miss;
		frame.missCache = null;
		frame.missId = null;
		frame.miss = null;
		return miss;
	}

	/**
	 * Tags of an entry written during the current cached call, or none outside one.
	 */
	static String[] currentTags(@Nullable Object result, String[] none) {
		Frame frame = CURRENT.get();
		Call call = (frame != null) ? frame.call : null;
		return (call != null) ? call.tags(result, none) : none;
	}

	/**
	 * How to compute the tags of what the current cached call writes once its result is known, for a write that
	 * happens after the call returned (an asynchronous load's value).
	 * @return the call's tag expressions with its arguments, or {@code null} outside a tagged call
	 */
	static @Nullable Call currentCall() {
		Frame frame = CURRENT.get();
		return (frame != null) ? frame.call : null;
	}

	/**
	 * The {@code @Cacheable} call this thread is in, if it writes to the cache named (a cache name that comes from a
	 * custom {@code CacheResolver} cannot be checked and is accepted).
	 */
	static @Nullable CachedInvocation currentInvocation(String cache) {
		Frame frame = CURRENT.get();
		if (frame == null) {
			return null;
		}
		MethodInvocation invocation = frame.invocation;
		Info info = frame.info;
		if (invocation == null || info == null || !info.cacheable
				|| !(info.cacheNames.isEmpty() || info.cacheNames.contains(cache))
				|| !(invocation instanceof ProxyMethodInvocation proxied)) {
			return null;
		}
		return new CachedInvocation(proxied.getProxy(), invocation.getMethod(), invocation.getArguments().clone());
	}

	/**
	 * What a cached method declares: tag expressions, whether it is {@code @Cacheable} (and fills misses without
	 * also putting), into which caches.
	 */
	private record Info(Expression[] tags, boolean cacheable, boolean fills, Set<String> cacheNames) {
	}

	/** The cached call a thread is in. */
	private static final class Frame {

		@Nullable Call call;

		@Nullable MethodInvocation invocation;

		@Nullable Info info;

		// the key this call missed everywhere, which the write of its result fills
		@Nullable String missCache;

		@Nullable String missId;

		@Nullable Object miss;

		// the observed load of the miss, ended when the call returns
		CacheObservations.@Nullable Load load;

	}

	record Call(CacheTagsInterceptor interceptor, Method method, @Nullable Object[] arguments,
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

package dev.perfkit.cache;

import java.lang.reflect.Method;

import org.springframework.aop.ClassFilter;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Applies the {@link CacheTagsInterceptor} to every {@code @Cacheable}, {@code @CachePut} and {@code @CacheTags}
 * method, first of all advisors so that it wraps Spring's cache interceptor.
 *
 * @since 0.1.0
 */
public class CacheTagsAdvisor extends AbstractPointcutAdvisor {

	private final CacheTagsInterceptor interceptor = new CacheTagsInterceptor();

	private final Pointcut pointcut = new StaticMethodMatcherPointcut() {

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			return cached(method) || cached(targetClass)
					|| AnnotatedElementUtils.hasAnnotation(method, CacheTags.class);
		}

		@Override
		public ClassFilter getClassFilter() {
			return ClassFilter.TRUE;
		}

	};

	/**
	 * Creates the advisor, ordered before every other.
	 */
	public CacheTagsAdvisor() {
		setOrder(Ordered.HIGHEST_PRECEDENCE);
	}

	@Override
	public Pointcut getPointcut() {
		return this.pointcut;
	}

	@Override
	public CacheTagsInterceptor getAdvice() {
		return this.interceptor;
	}

	private static boolean cached(java.lang.reflect.AnnotatedElement element) {
		return AnnotatedElementUtils.hasAnnotation(element, Cacheable.class)
				|| AnnotatedElementUtils.hasAnnotation(element, CachePut.class);
	}

}

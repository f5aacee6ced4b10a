package dev.perfkit.cache;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ReflectionUtils;

/**
 * A call of a {@code @Cacheable} method that loaded a hot key, kept so that warming can make the same call again
 * through the bean's proxy: Spring's cache interceptor then derives the same key (with the default key generator, the
 * method's own {@code key} expression or {@code keyGenerator}) and fills every layer. Captured only while the key is
 * among its cache's tracked hot keys, so at most 256 per cache are held; the arguments are held as they were passed
 * (a caller that mutates them afterwards changes what a re-invocation loads).
 *
 * @since 0.1.0
 */
public final class CachedInvocation {

	private final Object proxy;

	private final Method method;

	private final @Nullable Object[] arguments;

	CachedInvocation(Object proxy, Method method, @Nullable Object[] arguments) {
		this.proxy = proxy;
		this.method = method;
		this.arguments = arguments;
	}

	/**
	 * Calls the method again through its proxy; the cache reads it makes count neither as reads nor as hot-key
	 * accesses.
	 * @throws Exception what the method threw
	 */
	public void reinvoke() throws Exception {
		ReflectionUtils.makeAccessible(this.method);
		WarmingScope.enter();
		try {
			this.method.invoke(this.proxy, this.arguments);
		}
		catch (InvocationTargetException ex) {
			Throwable cause = ex.getTargetException();
			if (cause instanceof Exception exception) {
				throw exception;
			}
			throw ex;
		}
		finally {
			WarmingScope.exit();
		}
	}

	/**
	 * The method, as {@code Type.method}.
	 * @return a short description
	 */
	public String getMethod() {
		return this.method.getDeclaringClass().getSimpleName() + "." + this.method.getName();
	}

	@Override
	public String toString() {
		return getMethod() + "(" + this.arguments.length + " arguments)";
	}

}

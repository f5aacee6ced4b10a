package dev.perfkit.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.util.ClassUtils;

/**
 * The SSL bundle of the application's Redis connection ({@code spring.data.redis.ssl.bundle}, or a service
 * connection's), for Perfkit's own Redis connections derived from a Jedis connection factory, whose TLS settings
 * cannot be read back from the factory.
 *
 * @since 0.1.0
 */
public final class RedisSslBundle {

	private static final boolean CONNECTION_DETAILS_PRESENT = ClassUtils.isPresent(
			"org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails",
			RedisSslBundle.class.getClassLoader());

	private RedisSslBundle() {
	}

	/**
	 * Returns the SSL bundle of the application's Redis connection details.
	 * @param beanFactory the application's bean factory
	 * @return the bundle, or {@code null} if Spring Boot's Redis support is absent, there are no connection details,
	 * or they name no bundle
	 */
	public static @Nullable SslBundle of(BeanFactory beanFactory) {
		return CONNECTION_DETAILS_PRESENT ? ConnectionDetails.sslBundle(beanFactory) : null;
	}

	/** Loaded only when Spring Boot's Redis support is on the class path. */
	private static final class ConnectionDetails {

		static @Nullable SslBundle sslBundle(BeanFactory beanFactory) {
			DataRedisConnectionDetails details = beanFactory.getBeanProvider(DataRedisConnectionDetails.class)
				.getIfUnique();
			return (details != null) ? details.getSslBundle() : null;
		}

	}

}

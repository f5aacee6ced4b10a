package dev.perfkit.redis;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration.LettuceClientConfigurationBuilder;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration.LettuceSslClientConfigurationBuilder;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ClassUtils;

/**
 * A Redis connection of Perfkit's own: a {@link LettuceConnectionFactory} with the application's server, credentials,
 * TLS and client options (read from the application's Lettuce or Jedis connection factory), but its own connect timeout, command timeout and reconnect delay, and a shared connection
 * that no other component resets.
 * <p>
 * The application's factory opens its shared connections under one lock: while Spring Boot's Redis health check opens
 * its reactive connection to a server that hangs, every caller of that factory waits up to the client's command
 * timeout (a minute by default), whatever timeout it puts on its own commands. This factory is used by Perfkit alone,
 * and opening its shared connection is itself bounded: a caller that finds another thread opening it waits at most the
 * acquire timeout, then fails like a command that timed out.
 * <p>
 * Commands are rejected at once while the connection is down (rather than queued until their timeout), and the
 * connection is re-established every 0.1 to 0.5 s (Lettuce's default backs off to 30 s), so a server that is back is
 * used again within a second.
 *
 * @since 0.1.0
 */
public final class DedicatedRedisConnection implements AutoCloseable {

	private static final boolean JEDIS_PRESENT = ClassUtils.isPresent(
			"org.springframework.data.redis.connection.jedis.JedisConnectionFactory",
			DedicatedRedisConnection.class.getClassLoader()) && ClassUtils.isPresent("redis.clients.jedis.Jedis",
					DedicatedRedisConnection.class.getClassLoader());

	/** Shortest delay between two reconnection attempts. */
	static final Duration RECONNECT_MIN = Duration.ofMillis(100);

	/** Longest delay between two reconnection attempts. */
	static final Duration RECONNECT_MAX = Duration.ofMillis(500);

	private final BoundedConnectionFactory connectionFactory;

	private final ClientResources resources;

	private DedicatedRedisConnection(BoundedConnectionFactory connectionFactory, ClientResources resources) {
		this.connectionFactory = connectionFactory;
		this.resources = resources;
	}

	/**
	 * Creates and starts a connection to the server of the application's factory. No connection is opened yet: the
	 * first call opens it, so a server that is down at start-up does not fail the application.
	 * @param application the application's connection factory
	 * @param commandTimeout longest wait of a command the caller sends without a timeout of its own, and of the
	 * handshake when connecting
	 * @param connectTimeout longest wait for the TCP connection
	 * @param acquireTimeout longest wait of a caller for another thread that is opening the connection
	 * @return the started connection
	 */
	public static DedicatedRedisConnection derivedFrom(LettuceConnectionFactory application, Duration commandTimeout,
			Duration connectTimeout, Duration acquireTimeout) {
		LettuceClientConfiguration source = application.getClientConfiguration();
		ClientResources shared = source.getClientResources().orElse(null);
		// a mutated copy shares the application's threads and timer and releases none of them when shut down
		ClientResources resources = ((shared != null) ? shared.mutate() : DefaultClientResources.builder())
			.reconnectDelay(Delay.exponential(RECONNECT_MIN, RECONNECT_MAX, 2, TimeUnit.MILLISECONDS))
			.build();
		LettuceClientConfiguration configuration = clientConfiguration(source, resources, commandTimeout,
				connectTimeout);
		return start(redisConfiguration(application), configuration, application.getDatabase(), resources,
				acquireTimeout);
	}

	/**
	 * Creates and starts a connection to the server of the application's factory, Lettuce or Jedis: with a Jedis
	 * factory the connection is Lettuce's all the same (lettuce-core has to be on the class path), to the same server,
	 * database, credentials, client name and TLS, without an SSL bundle: a Jedis factory with an
	 * {@code SSLSocketFactory} of its own is refused.
	 * @param application the application's connection factory
	 * @param commandTimeout longest wait of a command the caller sends without a timeout of its own, and of the
	 * handshake when connecting
	 * @param connectTimeout longest wait for the TCP connection
	 * @param acquireTimeout longest wait of a caller for another thread that is opening the connection
	 * @return the started connection
	 * @throws IllegalArgumentException if the factory is neither Lettuce's nor Jedis's
	 * @throws IllegalStateException if the factory is a Jedis factory whose TLS this connection cannot reproduce
	 * @see #derivedFrom(RedisConnectionFactory, SslBundle, Duration, Duration, Duration)
	 */
	public static DedicatedRedisConnection derivedFrom(RedisConnectionFactory application, Duration commandTimeout,
			Duration connectTimeout, Duration acquireTimeout) {
		return derivedFrom(application, null, commandTimeout, connectTimeout, acquireTimeout);
	}

	/**
	 * Creates and starts a connection to the server of the application's factory, Lettuce or Jedis: with a Jedis
	 * factory the connection is Lettuce's all the same (lettuce-core has to be on the class path), to the same server,
	 * database, credentials, client name and TLS.
	 * <p>
	 * A Jedis factory's TLS settings cannot be read back from its {@code SSLSocketFactory}: when the factory has one,
	 * the SSL bundle it was built from (Spring Boot's {@code spring.data.redis.ssl.bundle}) gives this connection the
	 * same key and trust material, protocols and ciphers; without that bundle the connection is refused rather than
	 * made with other trust settings than the application's. Without a socket factory of its own (a
	 * {@code rediss://} URL), a Jedis factory's TLS verifies the server with the JVM's trust store, and so does this
	 * connection. The server's host name is verified as Lettuce does it (Jedis does not by default).
	 * @param application the application's connection factory
	 * @param sslBundle the SSL bundle of a Jedis factory's TLS, or {@code null} if none (ignored for a Lettuce
	 * factory, whose client options carry its TLS settings)
	 * @param commandTimeout longest wait of a command the caller sends without a timeout of its own, and of the
	 * handshake when connecting
	 * @param connectTimeout longest wait for the TCP connection
	 * @param acquireTimeout longest wait of a caller for another thread that is opening the connection
	 * @return the started connection
	 * @throws IllegalArgumentException if the factory is neither Lettuce's nor Jedis's
	 * @throws IllegalStateException if the factory is a Jedis factory with an {@code SSLSocketFactory} and no bundle is
	 * given
	 */
	public static DedicatedRedisConnection derivedFrom(RedisConnectionFactory application,
			@Nullable SslBundle sslBundle, Duration commandTimeout, Duration connectTimeout, Duration acquireTimeout) {
		if (application instanceof LettuceConnectionFactory lettuce) {
			return derivedFrom(lettuce, commandTimeout, connectTimeout, acquireTimeout);
		}
		if (JEDIS_PRESENT && JedisSource.isJedis(application)) {
			JedisSource.checkTls(application, sslBundle);
			ClientResources resources = DefaultClientResources.builder()
				.reconnectDelay(Delay.exponential(RECONNECT_MIN, RECONNECT_MAX, 2, TimeUnit.MILLISECONDS))
				.build();
			return JedisSource.derivedFrom(application, sslBundle, resources, commandTimeout, connectTimeout,
					acquireTimeout);
		}
		throw new IllegalArgumentException("Perfkit's Redis connection is derived from a Lettuce or Jedis connection "
				+ "factory; " + application.getClass().getName() + " is neither");
	}

	/**
	 * Whether a connection can be derived from a factory: Lettuce's, or Jedis's.
	 * @param application the application's connection factory
	 * @return whether {@link #derivedFrom(RedisConnectionFactory, Duration, Duration, Duration)} accepts it
	 */
	public static boolean supports(RedisConnectionFactory application) {
		return application instanceof LettuceConnectionFactory || (JEDIS_PRESENT && JedisSource.isJedis(application));
	}

	private static DedicatedRedisConnection start(RedisConfiguration redis, LettuceClientConfiguration configuration,
			int database, ClientResources resources, Duration acquireTimeout) {
		BoundedConnectionFactory factory = new BoundedConnectionFactory(redis, configuration, acquireTimeout);
		factory.setShareNativeConnection(true);
		factory.setDatabase(database);
		factory.afterPropertiesSet();
		factory.start();
		return new DedicatedRedisConnection(factory, resources);
	}

	/**
	 * The connection factory, for Perfkit's Redis components only.
	 * @return the connection factory
	 */
	public LettuceConnectionFactory getConnectionFactory() {
		return this.connectionFactory;
	}

	/**
	 * Closes the connection and releases the resources it does not share with the application.
	 */
	@Override
	public void close() {
		try {
			this.connectionFactory.destroy();
		}
		finally {
			this.resources.shutdown(0, 100, TimeUnit.MILLISECONDS).awaitUninterruptibly(2_000);
		}
	}

	private static RedisConfiguration redisConfiguration(LettuceConnectionFactory application) {
		if (application.isClusterAware()) {
			return application.getClusterConfiguration();
		}
		if (application.getSentinelConfiguration() != null) {
			return application.getSentinelConfiguration();
		}
		if (application.getSocketConfiguration() != null) {
			return application.getSocketConfiguration();
		}
		return application.getStandaloneConfiguration();
	}

	private static LettuceClientConfiguration clientConfiguration(LettuceClientConfiguration source,
			ClientResources resources, Duration commandTimeout, Duration connectTimeout) {
		LettuceClientConfigurationBuilder builder = LettuceClientConfiguration.builder();
		if (source.isUseSsl()) {
			LettuceSslClientConfigurationBuilder ssl = builder.useSsl().verifyPeer(source.getVerifyMode());
			if (source.isStartTls()) {
				ssl.startTls();
			}
			builder = ssl.and();
		}
		source.getClientName().ifPresent(builder::clientName);
		source.getReadFrom().ifPresent(builder::readFrom);
		source.getRedisCredentialsProviderFactory().ifPresent(builder::redisCredentialsProviderFactory);
		return builder.clientResources(resources)
			.clientOptions(clientOptions(source.getClientOptions().orElse(null), null, commandTimeout, connectTimeout))
			.commandTimeout(commandTimeout)
			.shutdownTimeout(Duration.ZERO)
			.build();
	}

	private static ClientOptions clientOptions(@Nullable ClientOptions source, @Nullable SslOptions ssl,
			Duration commandTimeout, Duration connectTimeout) {
		SocketOptions socket = ((source != null) ? source.getSocketOptions().mutate() : SocketOptions.builder())
			.connectTimeout(connectTimeout)
			.build();
		ClientOptions.Builder builder = (source instanceof ClusterClientOptions cluster) ? cluster.mutate()
				: (source != null) ? source.mutate() : ClientOptions.builder();
		if (ssl != null) {
			builder.sslOptions(ssl);
		}
		return builder.autoReconnect(true)
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.socketOptions(socket)
			.timeoutOptions(TimeoutOptions.enabled(commandTimeout))
			.build();
	}

	/** Reads the settings of a Jedis connection factory, for a Lettuce connection to the same server. */
	private static final class JedisSource {

		static boolean isJedis(RedisConnectionFactory factory) {
			return factory instanceof JedisConnectionFactory;
		}

		/**
		 * Refuses a Jedis factory whose TLS goes through an {@code SSLSocketFactory} of its own when no SSL bundle
		 * says what that factory trusts.
		 */
		static void checkTls(RedisConnectionFactory factory, @Nullable SslBundle sslBundle) {
			JedisClientConfiguration source = ((JedisConnectionFactory) factory).getClientConfiguration();
			if (source.isUseSsl() && sslBundle == null && source.getSslSocketFactory().isPresent()) {
				throw new IllegalStateException("the Jedis connection factory connects over TLS with an "
						+ "SSLSocketFactory of its own, which Perfkit's Redis connection (Lettuce) cannot read its key "
						+ "and trust material from: configure the application's TLS with an SSL bundle "
						+ "(spring.ssl.bundle.* and spring.data.redis.ssl.bundle), which both clients use");
			}
		}

		static DedicatedRedisConnection derivedFrom(RedisConnectionFactory factory, @Nullable SslBundle sslBundle,
				ClientResources resources, Duration commandTimeout, Duration connectTimeout, Duration acquireTimeout) {
			JedisConnectionFactory jedis = (JedisConnectionFactory) factory;
			JedisClientConfiguration source = jedis.getClientConfiguration();
			RedisConfiguration redis = jedis.isRedisClusterAware() ? jedis.getClusterConfiguration()
					: jedis.isRedisSentinelAware() ? jedis.getSentinelConfiguration() : jedis.getStandaloneConfiguration();
			LettuceClientConfigurationBuilder builder = LettuceClientConfiguration.builder();
			SslOptions ssl = null;
			if (source.isUseSsl()) {
				builder = builder.useSsl().and();
				ssl = (sslBundle != null) ? sslOptions(sslBundle) : null;
			}
			source.getClientName().ifPresent(builder::clientName);
			LettuceClientConfiguration configuration = builder.clientResources(resources)
				.clientOptions(clientOptions(null, ssl, commandTimeout, connectTimeout))
				.commandTimeout(commandTimeout)
				.shutdownTimeout(Duration.ZERO)
				.build();
			return start(redis, configuration, jedis.getDatabase(), resources, acquireTimeout);
		}

		/** The bundle's key and trust material, protocols and ciphers, as Spring Boot gives them to Lettuce. */
		private static SslOptions sslOptions(SslBundle bundle) {
			SslOptions.Builder builder = SslOptions.builder()
				.keyManager(bundle.getManagers().getKeyManagerFactory())
				.trustManager(bundle.getManagers().getTrustManagerFactory());
			org.springframework.boot.ssl.SslOptions options = bundle.getOptions();
			if (options.getCiphers() != null) {
				builder.cipherSuites(options.getCiphers());
			}
			if (options.getEnabledProtocols() != null) {
				builder.protocols(options.getEnabledProtocols());
			}
			return builder.build();
		}

	}

	/**
	 * A factory whose shared connection, once open, is handed out without taking the factory's lock, and whose
	 * opening a caller waits for at most the acquire timeout.
	 */
	private static final class BoundedConnectionFactory extends LettuceConnectionFactory {

		private final ReentrantLock opening = new ReentrantLock();

		private final long acquireTimeoutNanos;

		private volatile @Nullable StatefulRedisConnection<byte[], byte[]> shared;

		private volatile @Nullable StatefulRedisClusterConnection<byte[], byte[]> sharedCluster;

		BoundedConnectionFactory(RedisConfiguration redis, LettuceClientConfiguration client, Duration acquireTimeout) {
			super(redis, client);
			this.acquireTimeoutNanos = acquireTimeout.toNanos();
		}

		@Override
		protected @Nullable StatefulRedisConnection<byte[], byte[]> getSharedConnection() {
			StatefulRedisConnection<byte[], byte[]> connection = this.shared;
			if (connection != null) {
				return connection;
			}
			acquire();
			try {
				connection = super.getSharedConnection();
				this.shared = connection;
				return connection;
			}
			finally {
				this.opening.unlock();
			}
		}

		@Override
		protected @Nullable StatefulRedisClusterConnection<byte[], byte[]> getSharedClusterConnection() {
			StatefulRedisClusterConnection<byte[], byte[]> connection = this.sharedCluster;
			if (connection != null) {
				return connection;
			}
			acquire();
			try {
				connection = super.getSharedClusterConnection();
				this.sharedCluster = connection;
				return connection;
			}
			finally {
				this.opening.unlock();
			}
		}

		private void acquire() {
			try {
				if (this.opening.tryLock(this.acquireTimeoutNanos, TimeUnit.NANOSECONDS)) {
					return;
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			throw new RedisConnectionFailureException("Perfkit's Redis connection is being opened by another call");
		}

		@Override
		public void destroy() {
			this.shared = null;
			this.sharedCluster = null;
			super.destroy();
		}

	}

}

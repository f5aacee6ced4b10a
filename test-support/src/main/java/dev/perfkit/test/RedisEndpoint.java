package dev.perfkit.test;

import java.util.Objects;

/**
 * Where a Redis server for tests answers, and how it was found.
 *
 * @param host the host
 * @param port the port
 * @param url the URL to connect with, {@code redis://host:port} unless {@code REDIS_URL}
 * gave one with more (credentials, database, TLS)
 * @param source a short description of where the server came from, for logs and
 * failure messages
 * @since 0.1.0
 */
public record RedisEndpoint(String host, int port, String url, String source) {

	/**
	 * Creates an endpoint, checking its values.
	 * @param host the host
	 * @param port the port
	 * @param url the URL
	 * @param source where the server came from
	 */
	public RedisEndpoint {
		Objects.requireNonNull(host, "'host' must not be null");
		Objects.requireNonNull(url, "'url' must not be null");
		Objects.requireNonNull(source, "'source' must not be null");
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("'port' must be between 1 and 65535, was " + port);
		}
	}

	/**
	 * Creates an endpoint for {@code redis://host:port}.
	 * @param host the host
	 * @param port the port
	 * @param source where the server came from
	 * @return the endpoint
	 */
	public static RedisEndpoint of(String host, int port, String source) {
		String urlHost = host.contains(":") ? "[" + host + "]" : host;
		return new RedisEndpoint(host, port, "redis://" + urlHost + ":" + port, source);
	}

	/**
	 * Returns {@code host:port}.
	 * @return the address
	 */
	public String address() {
		return (this.host.contains(":") ? "[" + this.host + "]" : this.host) + ":" + this.port;
	}

	@Override
	public String toString() {
		// the URL may carry a password
		return "RedisEndpoint[" + address() + ", source=" + this.source + "]";
	}

}

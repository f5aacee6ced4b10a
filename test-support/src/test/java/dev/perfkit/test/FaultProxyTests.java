package dev.perfkit.test;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class FaultProxyTests {

	private static RedisServerProcess redis;

	@BeforeAll
	static void start() {
		redis = RedisServerProcess.start();
	}

	@AfterAll
	static void stop() {
		redis.close();
	}

	@Test
	void forwardsBothWaysUntilAFaultAndAgainAfterHealing() throws IOException {
		try (FaultProxy proxy = FaultProxy.start(redis.host(), redis.port());
				Socket socket = connect(proxy)) {
			assertThat(ping(socket)).isEqualTo("+PONG");
			proxy.blackHole(FaultProxy.Direction.DOWNSTREAM);
			assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(() -> ping(socket));
			proxy.heal();
			// the answer swallowed while black-holed is gone for good: the next one arrives
			assertThat(ping(socket)).isEqualTo("+PONG");
			proxy.delay(FaultProxy.Direction.UPSTREAM, Duration.ofMillis(50));
			assertThat(ping(socket)).isEqualTo("+PONG");
		}
	}

	@Test
	void oneConnectionCanBeBlackHoledOrResetAlone() throws IOException {
		try (FaultProxy proxy = FaultProxy.start(redis.host(), redis.port());
				Socket first = connect(proxy);
				Socket second = connect(proxy)) {
			assertThat(ping(first)).isEqualTo("+PONG");
			assertThat(ping(second)).isEqualTo("+PONG");
			await().atMost(Duration.ofSeconds(10)).until(() -> proxy.connections().size() == 2);
			proxy.connections().get(0).blackHole(FaultProxy.Direction.UPSTREAM);
			long answered = 0;
			for (Socket socket : new Socket[] { first, second }) {
				try {
					answered += "+PONG".equals(ping(socket)) ? 1 : 0;
				}
				catch (SocketTimeoutException ex) {
					// the black-holed one
				}
			}
			assertThat(answered).isOne();
			proxy.resetAll();
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> {
				ping(first);
				ping(first);
			});
		}
	}

	@Test
	void refusedConnectionsAreClosedAtOnce() throws IOException {
		try (FaultProxy proxy = FaultProxy.start(redis.host(), redis.port())) {
			proxy.refuseNewConnections(true);
			try (Socket socket = connect(proxy)) {
				socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
				assertThat(socket.getInputStream().read()).isEqualTo(-1);
			}
			catch (IOException ex) {
				// a reset is a refusal too
			}
			proxy.heal();
			try (Socket socket = connect(proxy)) {
				assertThat(ping(socket)).isEqualTo("+PONG");
			}
		}
	}

	private static Socket connect(FaultProxy proxy) throws IOException {
		Socket socket = new Socket("127.0.0.1", proxy.port());
		socket.setSoTimeout(1_000);
		return socket;
	}

	private static String ping(Socket socket) throws IOException {
		socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
		InputStream in = socket.getInputStream();
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = in.read()) >= 0 && c != '\n') {
			if (c != '\r') {
				line.append((char) c);
			}
		}
		if (c < 0) {
			throw new IOException("closed");
		}
		return line.toString();
	}

}

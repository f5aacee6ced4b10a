package dev.perfkit.test;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Minimal RESP2 client: one command per connection, over a plain socket with a timeout.
 */
final class Resp {

	private Resp() {
	}

	/**
	 * Whether the server at the given address answers {@code PING} with {@code PONG}
	 * within the timeout.
	 * @param host the host
	 * @param port the port
	 * @param timeout connect and read timeout
	 * @return whether the server answered
	 */
	static boolean ping(String host, int port, Duration timeout) {
		try {
			return "PONG".equals(command(host, port, timeout, "PING"));
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Sends one command and reads its reply: a {@link String} for simple and bulk
	 * strings, a {@link Long} for integers, a {@link List} for arrays, {@code null}
	 * for nil.
	 * @param host the host
	 * @param port the port
	 * @param timeout connect and read timeout
	 * @param command the command and its arguments
	 * @return the reply
	 * @throws IOException if the server cannot be reached, does not answer in time or
	 * answers with an error
	 */
	static @Nullable Object command(String host, int port, Duration timeout, String... command)
			throws IOException {
		int millis = (int) Math.max(1, timeout.toMillis());
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), millis);
			socket.setSoTimeout(millis);
			OutputStream out = socket.getOutputStream();
			out.write(encode(command));
			out.flush();
			return read(new BufferedInputStream(socket.getInputStream()));
		}
	}

	private static byte[] encode(String... command) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		writeLine(bytes, "*" + command.length);
		for (String argument : command) {
			byte[] value = argument.getBytes(StandardCharsets.UTF_8);
			writeLine(bytes, "$" + value.length);
			bytes.writeBytes(value);
			writeLine(bytes, "");
		}
		return bytes.toByteArray();
	}

	private static void writeLine(ByteArrayOutputStream bytes, String line) {
		bytes.writeBytes(line.getBytes(StandardCharsets.UTF_8));
		bytes.write('\r');
		bytes.write('\n');
	}

	private static @Nullable Object read(InputStream in) throws IOException {
		int type = in.read();
		if (type == -1) {
			throw new EOFException("Connection closed before a reply");
		}
		String line = readLine(in);
		switch (type) {
			case '+':
				return line;
			case '-':
				throw new ErrorReplyException(line);
			case ':':
				return Long.parseLong(line);
			case '$':
				return readBulk(in, Integer.parseInt(line));
			case '*':
				return readArray(in, Integer.parseInt(line));
			default:
				throw new IOException("Unexpected RESP type '" + (char) type + "'");
		}
	}

	private static @Nullable String readBulk(InputStream in, int length) throws IOException {
		if (length < 0) {
			return null;
		}
		byte[] value = in.readNBytes(length);
		if (value.length < length) {
			throw new EOFException("Connection closed inside a bulk string");
		}
		readLine(in);
		return new String(value, StandardCharsets.UTF_8);
	}

	private static @Nullable List<@Nullable Object> readArray(InputStream in, int size) throws IOException {
		if (size < 0) {
			return null;
		}
		List<@Nullable Object> elements = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			elements.add(read(in));
		}
		return elements;
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int previous = -1;
		while (true) {
			int current = in.read();
			if (current == -1) {
				throw new EOFException("Connection closed inside a reply");
			}
			if (previous == '\r' && current == '\n') {
				byte[] bytes = line.toByteArray();
				return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
			}
			line.write(current);
			previous = current;
		}
	}

	/**
	 * An error reply ({@code -ERR ...}) from the server.
	 */
	static final class ErrorReplyException extends IOException {

		private static final long serialVersionUID = 1L;

		ErrorReplyException(String message) {
			super(message);
		}

	}

}

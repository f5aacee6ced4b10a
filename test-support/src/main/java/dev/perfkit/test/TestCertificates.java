package dev.perfkit.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority and a server certificate it signed for {@code 127.0.0.1} and
 * {@code localhost}, generated with {@code openssl} into a directory of the test's own when the test runs: no private
 * key is ever committed. PEM files, as {@code redis-server --tls-*} and Spring Boot's
 * {@code spring.ssl.bundle.pem.*} read them.
 *
 * @param directory the directory holding the files
 * @since 0.1.0
 */
public record TestCertificates(Path directory) {

	private static final long OPENSSL_TIMEOUT_SECONDS = 30;

	/**
	 * Generates a CA and a server certificate into a directory.
	 * @param directory where to write the files (created if missing)
	 * @return the certificates
	 * @throws IllegalStateException if {@code openssl} is missing or fails
	 */
	public static TestCertificates generate(Path directory) {
		try {
			Files.createDirectories(directory);
			Files.writeString(directory.resolve("server.ext"),
					"subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n",
					StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not prepare " + directory, ex);
		}
		TestCertificates certificates = new TestCertificates(directory);
		certificates.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
				"/CN=Perfkit test CA", "-keyout", "ca.key", "-out", "ca.crt");
		certificates.openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout",
				"server.key", "-out", "server.csr");
		certificates.openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
				"-CAcreateserial", "-days", "2", "-extfile", "server.ext", "-out", "server.crt");
		return certificates;
	}

	/**
	 * Returns the CA's certificate, the one clients trust.
	 * @return the PEM file
	 */
	public Path caCertificate() {
		return this.directory.resolve("ca.crt");
	}

	/**
	 * Returns the server's certificate.
	 * @return the PEM file
	 */
	public Path serverCertificate() {
		return this.directory.resolve("server.crt");
	}

	/**
	 * Returns the server's private key.
	 * @return the PEM file
	 */
	public Path serverKey() {
		return this.directory.resolve("server.key");
	}

	private void openssl(String... args) {
		List<String> command = new ArrayList<>();
		command.add(Executables.require("openssl"));
		command.addAll(List.of(args));
		Path output = this.directory.resolve("openssl.out");
		try {
			Process process = new ProcessBuilder(command).directory(this.directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			if (!process.waitFor(OPENSSL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(command + " did not finish within " + OPENSSL_TIMEOUT_SECONDS + "s");
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException(command + " exited with " + process.exitValue() + ": "
						+ Files.readString(output, StandardCharsets.UTF_8));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run " + command, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running " + command, ex);
		}
	}

}

package dev.perfkit.resilience.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The form in which a client id reaches Redis: a digest of fixed length with no hash-tag braces, so a client id of
 * any length or content maps to one cluster slot and a key of bounded size, and Redis never holds the id itself.
 *
 * @since 0.1.0
 */
public final class ClientKeys {

	private static final HexFormat HEX = HexFormat.of();

	private static final MessageDigest SHA_256;

	static {
		try {
			SHA_256 = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private ClientKeys() {
	}

	/**
	 * Returns the first 16 bytes of the SHA-256 digest of a client id's UTF-8 bytes, in lower-case hexadecimal.
	 * @param clientId the client id
	 * @return 32 hexadecimal characters
	 */
	public static String hashed(String clientId) {
		MessageDigest digest;
		try {
			digest = (MessageDigest) SHA_256.clone();
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException(ex);
		}
		return HEX.formatHex(digest.digest(clientId.getBytes(StandardCharsets.UTF_8)), 0, 16);
	}

}

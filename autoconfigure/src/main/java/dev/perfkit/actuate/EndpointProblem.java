package dev.perfkit.actuate;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.util.MimeType;

/**
 * Why an endpoint refused a request, as an RFC 9457 problem body ({@code application/problem+json}): what the web
 * extensions of Perfkit's endpoints answer for bad input (400) and unknown items (404), instead of an error page.
 *
 * @param type a URI identifying the problem type; {@code about:blank} since the status says it all
 * @param title the status's reason phrase
 * @param status the HTTP status
 * @param detail what was wrong with the request, in words
 * @since 0.1.0
 */
public record EndpointProblem(String type, String title, int status, String detail) implements OperationResponseBody {

	/** Media type of a problem body. */
	public static final MimeType MEDIA_TYPE = MimeType.valueOf("application/problem+json");

	/** Longest selector or parameter text an endpoint accepts. */
	public static final int MAX_TEXT_LENGTH = 4096;

	/**
	 * A {@code 400 Bad Request} answer.
	 * @param detail what was wrong
	 * @return the response
	 */
	public static WebEndpointResponse<Object> badRequest(String detail) {
		return of(WebEndpointResponse.STATUS_BAD_REQUEST, "Bad Request", detail);
	}

	/**
	 * A {@code 404 Not Found} answer.
	 * @param detail what was not found
	 * @return the response
	 */
	public static WebEndpointResponse<Object> notFound(String detail) {
		return of(WebEndpointResponse.STATUS_NOT_FOUND, "Not Found", detail);
	}

	private static WebEndpointResponse<Object> of(int status, String title, String detail) {
		return new WebEndpointResponse<>(new EndpointProblem("about:blank", title, status, detail), status, MEDIA_TYPE);
	}

	/**
	 * Why a piece of request text is not acceptable: blank, longer than {@link #MAX_TEXT_LENGTH} or holding control
	 * characters.
	 * @param name the parameter's name, for the message
	 * @param value the text
	 * @return the reason, or {@code null} when the text is acceptable
	 */
	public static @Nullable String malformed(String name, String value) {
		if (value.isBlank()) {
			return name + " must not be blank";
		}
		if (value.length() > MAX_TEXT_LENGTH) {
			return name + " must be at most " + MAX_TEXT_LENGTH + " characters";
		}
		for (int i = 0; i < value.length(); i++) {
			if (Character.isISOControl(value.charAt(i))) {
				return name + " must not contain control characters";
			}
		}
		return null;
	}

	/**
	 * Whether request text is a whole number written with ASCII digits only ({@code Long.parseLong} also reads other
	 * scripts' digits, so {@code ١٢} would be 12), with an optional leading minus sign.
	 * @param value the text, already trimmed
	 * @return whether it is a plain whole number
	 */
	public static boolean isWholeNumber(String value) {
		int start = (value.startsWith("-")) ? 1 : 0;
		if (value.length() == start || value.length() > 19) {
			return false;
		}
		for (int i = start; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether request text is a plain decimal number: ASCII digits with an optional fraction, no sign, exponent,
	 * hexadecimal form, {@code NaN} or {@code Infinity} (all of which {@code Double.parseDouble} reads).
	 * @param value the text, already trimmed
	 * @return whether it is a plain decimal number
	 */
	public static boolean isDecimalNumber(String value) {
		int dot = value.indexOf('.');
		String whole = (dot < 0) ? value : value.substring(0, dot);
		String fraction = (dot < 0) ? "0" : value.substring(dot + 1);
		return value.length() <= 32 && isWholeNumber(whole) && !whole.startsWith("-") && isWholeNumber(fraction)
				&& !fraction.startsWith("-");
	}

	/**
	 * Shortens request text for a message, so that a hostile value is not echoed in full.
	 * @param value the text
	 * @return at most 64 characters of it
	 */
	public static String quote(String value) {
		String shown = (value.length() > 64) ? value.substring(0, 64) + "…" : value;
		StringBuilder quoted = new StringBuilder(shown.length() + 2).append('\'');
		for (int i = 0; i < shown.length(); i++) {
			char c = shown.charAt(i);
			quoted.append(Character.isISOControl(c) ? '?' : c);
		}
		return quoted.append('\'').toString();
	}

}

package dev.perfkit.sample.web;

import java.beans.PropertyEditorSupport;
import java.util.function.Function;

import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Numeric request parameters and path variables accept ASCII digits only. Spring's own conversion ends in
 * {@code Integer.decode}, which also reads other scripts' digits ({@code limit=١٢} would be 12). A converter in the
 * conversion service is not enough: when it fails, the data binder falls back to its default property editor, which
 * reads them again; an editor registered for the type is used instead of both. Such text is a type mismatch,
 * answered with a 400 problem body by {@link ApiExceptionHandler}.
 *
 * @since 0.1.0
 */
@ControllerAdvice
public class AsciiNumberBinding {

	@InitBinder
	void asciiDigitsOnly(WebDataBinder binder) {
		binder.registerCustomEditor(int.class, new AsciiNumberEditor(Integer::valueOf, false));
		binder.registerCustomEditor(Integer.class, new AsciiNumberEditor(Integer::valueOf, true));
		binder.registerCustomEditor(long.class, new AsciiNumberEditor(Long::valueOf, false));
		binder.registerCustomEditor(Long.class, new AsciiNumberEditor(Long::valueOf, true));
	}

	/**
	 * Whether text is a whole number written with ASCII digits, with an optional leading sign.
	 * @param text the text
	 * @return whether it has only ASCII digits
	 */
	static boolean isAsciiInteger(String text) {
		int start = (text.startsWith("-") || text.startsWith("+")) ? 1 : 0;
		if (text.length() <= start) {
			return false;
		}
		for (int i = start; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
		}
		return true;
	}

	private static final class AsciiNumberEditor extends PropertyEditorSupport {

		private final Function<String, ? extends Number> parser;

		private final boolean allowEmpty;

		AsciiNumberEditor(Function<String, ? extends Number> parser, boolean allowEmpty) {
			this.parser = parser;
			this.allowEmpty = allowEmpty;
		}

		@Override
		public void setAsText(String source) {
			String text = (source != null) ? source.trim() : "";
			if (text.isEmpty() && this.allowEmpty) {
				setValue(null);
				return;
			}
			if (!isAsciiInteger(text)) {
				throw new IllegalArgumentException("'" + source + "' is not a number written with the digits 0-9");
			}
			setValue(this.parser.apply(text));
		}

	}

}

package dev.perfkit.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every relative link in the project's pages (README, the root pages and {@code docs/}) points to a file that exists
 * and, when it names a heading, to a heading that exists (GitHub's anchor rules).
 */
class DocumentationLinksTests {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	private static final Pattern LINK = Pattern.compile("(?<!!)\\[[^\\]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");

	private static final Pattern IMAGE = Pattern.compile("!\\[[^\\]]*]\\(([^)\\s]+)\\)");

	private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

	private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");

	@Test
	void relativeLinksAndAnchorsResolve() throws IOException {
		List<String> broken = new ArrayList<>();
		Map<Path, Set<String>> anchors = new HashMap<>();
		for (Path page : pages()) {
			for (String target : targets(page)) {
				String problem = check(page, target, anchors);
				if (problem != null) {
					broken.add(ROOT.relativize(page) + ": " + target + " (" + problem + ")");
				}
			}
		}
		assertThat(broken).as("broken links").isEmpty();
	}

	@Test
	void theCheckSeesTheReadmeAndTheDocsFolder() throws IOException {
		assertThat(pages()).contains(ROOT.resolve("README.md"), ROOT.resolve("docs/properties.md"));
	}

	static List<Path> pages() throws IOException {
		List<Path> pages = new ArrayList<>();
		for (String name : List.of("README.md", "ARCHITECTURE.md", "BENCHMARKS.md", "RELIABILITY.md")) {
			pages.add(ROOT.resolve(name));
		}
		try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
			docs.filter((path) -> path.toString().endsWith(".md")).sorted().forEach(pages::add);
		}
		return pages;
	}

	private static List<String> targets(Path page) throws IOException {
		List<String> targets = new ArrayList<>();
		boolean fenced = false;
		for (String line : Files.readAllLines(page, StandardCharsets.UTF_8)) {
			if (line.stripLeading().startsWith("```")) {
				fenced = !fenced;
				continue;
			}
			if (fenced) {
				continue;
			}
			String prose = line.replaceAll("`[^`]*`", "");
			for (Pattern pattern : List.of(LINK, IMAGE)) {
				Matcher matcher = pattern.matcher(prose);
				while (matcher.find()) {
					targets.add(matcher.group(1));
				}
			}
		}
		return targets;
	}

	private static String check(Path page, String target, Map<Path, Set<String>> anchors) throws IOException {
		if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
			return null; // http:, https:, mailto: — not checked offline
		}
		int hash = target.indexOf('#');
		String file = (hash < 0) ? target : target.substring(0, hash);
		Path linked = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
		if (!linked.startsWith(ROOT)) {
			return "outside the repository";
		}
		if (!Files.exists(linked)) {
			return "no such file";
		}
		if (hash < 0 || !linked.toString().endsWith(".md")) {
			return null;
		}
		String anchor = target.substring(hash + 1);
		Set<String> known = anchors.get(linked);
		if (known == null) {
			known = anchorsOf(linked);
			anchors.put(linked, known);
		}
		return known.contains(anchor) ? null : "no heading with anchor #" + anchor;
	}

	/**
	 * GitHub's rule: lower case, HTML and punctuation dropped, spaces to hyphens, "-1", "-2"… for repeats; plus the
	 * {@code <a id>} / {@code <a name>} anchors a page sets itself.
	 */
	static Set<String> anchorsOf(Path page) throws IOException {
		Set<String> anchors = new HashSet<>();
		Map<String, Integer> seen = new HashMap<>();
		boolean fenced = false;
		for (String line : Files.readAllLines(page, StandardCharsets.UTF_8)) {
			if (line.stripLeading().startsWith("```")) {
				fenced = !fenced;
				continue;
			}
			if (fenced) {
				continue;
			}
			Matcher html = HTML_ANCHOR.matcher(line);
			while (html.find()) {
				anchors.add(html.group(1));
			}
			Matcher heading = HEADING.matcher(line);
			if (!heading.matches()) {
				continue;
			}
			String slug = slug(heading.group(1));
			int count = seen.merge(slug, 1, Integer::sum);
			anchors.add((count == 1) ? slug : slug + "-" + (count - 1));
		}
		return anchors;
	}

	static String slug(String heading) {
		String text = heading.replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1")
			.replaceAll("<[^>]*>", "")
			.replace("`", "")
			.toLowerCase(Locale.ROOT);
		StringBuilder slug = new StringBuilder();
		text.codePoints().forEach((c) -> {
			if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
				slug.appendCodePoint(c);
			}
			else if (c == ' ') {
				slug.append('-');
			}
		});
		return slug.toString();
	}

}

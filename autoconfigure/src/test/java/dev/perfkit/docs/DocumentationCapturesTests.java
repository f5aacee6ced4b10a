package dev.perfkit.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every example output in README.md and {@code docs/} is captured from a real run: it sits between
 * {@code <!-- capture:NAME regenerate: docs/capture SCENARIO -->} and {@code <!-- /capture:NAME -->}, and the scenario
 * {@code docs/capture.d/SCENARIO.sh} produces a block of that name for that page ({@code docs/capture SCENARIO} starts
 * the sample application and rewrites the blocks). Values are not compared: timings, ids and timestamps change every
 * run. A fenced block without a language, or marked {@code json}, {@code text}, {@code console} or {@code log}, is
 * example output; commands to type are fenced as {@code shell}.
 */
class DocumentationCapturesTests {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	private static final Path SCENARIOS = ROOT.resolve("docs/capture.d");

	/**
	 * Pages whose example outputs are not marked yet: their code and text are being changed by other work of the same
	 * session. Remove a page from here once its blocks are marked and its scenario written.
	 */
	private static final Set<String> PENDING = Set.of();

	private static final Pattern OPEN = Pattern.compile("^<!-- capture:([a-z0-9-]+) regenerate: docs/capture ([a-z0-9-]+) -->$");

	private static final Pattern CLOSE = Pattern.compile("^<!-- /capture:([a-z0-9-]+) -->$");

	private static final Pattern ANY_MARKER = Pattern.compile("<!--\\s*/?capture:");

	private static final Pattern FENCE = Pattern.compile("^\\s*```\\s*([\\w-]*)\\s*$");

	private static final Set<String> OUTPUT_LANGUAGES = Set.of("", "json", "text", "console", "log");

	private static final Pattern SCENARIO_PAGE = Pattern.compile("^page\\s+(\\S+)\\s*$", Pattern.MULTILINE);

	private static final Pattern SCENARIO_BLOCK = Pattern.compile("^\\s*begin\\s+([a-z0-9-]+)\\b", Pattern.MULTILINE);

	@Test
	void everyMarkedBlockIsProducedByTheScenarioItNames() throws IOException {
		Map<String, Scenario> scenarios = scenarios();
		List<String> problems = new ArrayList<>();
		for (Path page : pages()) {
			String relative = relative(page);
			for (Block block : blocks(page, problems)) {
				Scenario scenario = scenarios.get(block.scenario());
				if (scenario == null) {
					problems.add(relative + ": block " + block.name() + " names docs/capture " + block.scenario()
							+ ", but there is no docs/capture.d/" + block.scenario() + ".sh");
				}
				else if (!scenario.page().equals(relative)) {
					problems.add(relative + ": block " + block.name() + " names the scenario " + block.scenario()
							+ ", which writes " + scenario.page());
				}
				else if (!scenario.blocks().contains(block.name())) {
					problems.add(relative + ": the scenario " + block.scenario() + " produces no block "
							+ block.name());
				}
			}
		}
		assertThat(problems).as("marked blocks without a producer").isEmpty();
	}

	@Test
	void everyBlockAScenarioProducesIsMarkedInItsPage() throws IOException {
		List<String> problems = new ArrayList<>();
		for (Scenario scenario : scenarios().values()) {
			Path page = ROOT.resolve(scenario.page());
			if (!Files.exists(page)) {
				problems.add("docs/capture.d/" + scenario.name() + ".sh writes " + scenario.page()
						+ ", which does not exist");
				continue;
			}
			Set<String> marked = new LinkedHashSet<>();
			for (Block block : blocks(page, new ArrayList<>())) {
				if (block.scenario().equals(scenario.name())) {
					marked.add(block.name());
				}
			}
			for (String name : scenario.blocks()) {
				if (!marked.contains(name)) {
					problems.add("docs/capture.d/" + scenario.name() + ".sh produces " + name + ", but "
							+ scenario.page() + " has no <!-- capture:" + name + " regenerate: docs/capture "
							+ scenario.name() + " -->");
				}
			}
		}
		assertThat(problems).as("captured blocks with no place in their page").isEmpty();
	}

	@Test
	void markersArePairedUniqueAndHoldOneFencedBlock() throws IOException {
		List<String> problems = new ArrayList<>();
		Map<String, String> seen = new HashMap<>();
		for (Path page : pages()) {
			for (Block block : blocks(page, problems)) {
				String previous = seen.put(block.name(), relative(page));
				if (previous != null) {
					problems.add(relative(page) + ": block " + block.name() + " is also marked in " + previous);
				}
			}
		}
		assertThat(problems).as("malformed capture markers").isEmpty();
	}

	@Test
	void noExampleOutputOutsideTheMarkers() throws IOException {
		List<String> unmarked = new ArrayList<>();
		for (Path page : pages()) {
			if (!PENDING.contains(relative(page))) {
				for (int line : unmarkedOutputBlocks(Files.readAllLines(page, StandardCharsets.UTF_8))) {
					unmarked.add(relative(page) + ":" + line);
				}
			}
		}
		assertThat(unmarked).as("example output outside <!-- capture:NAME --> markers (capture it with a scenario "
				+ "under docs/capture.d, or fence a command to type as ```shell)").isEmpty();
	}

	@Test
	void unmarkedOutputIsFoundAndMarkedOutputIsNot() {
		List<String> lines = List.of("text", "```yaml", "a: 1", "```", "```shell", "./mvnw verify", "```",
				"<!-- capture:x regenerate: docs/capture y -->", "```", "$ curl", "{}", "```", "<!-- /capture:x -->",
				"```json", "{}", "```");
		assertThat(unmarkedOutputBlocks(lines)).containsExactly(14);
	}

	@Test
	void pendingPagesExist() {
		for (String page : PENDING) {
			assertThat(ROOT.resolve(page)).exists();
		}
	}

	/** Line numbers (1-based) of the opening fences of output blocks outside markers. */
	static List<Integer> unmarkedOutputBlocks(List<String> lines) {
		List<Integer> unmarked = new ArrayList<>();
		boolean fenced = false;
		boolean marked = false;
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			Matcher fence = FENCE.matcher(line);
			if (fenced) {
				fenced = !line.strip().equals("```");
				continue;
			}
			if (OPEN.matcher(line.strip()).matches()) {
				marked = true;
			}
			else if (CLOSE.matcher(line.strip()).matches()) {
				marked = false;
			}
			else if (line.stripLeading().startsWith("```")) {
				fenced = true;
				if (!marked && fence.matches() && OUTPUT_LANGUAGES.contains(fence.group(1))) {
					unmarked.add(i + 1);
				}
			}
		}
		return unmarked;
	}

	private static List<Block> blocks(Path page, List<String> problems) throws IOException {
		List<Block> blocks = new ArrayList<>();
		List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
		String where = relative(page);
		Block open = null;
		int openedAt = 0;
		boolean fenced = false;
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			if (fenced) {
				fenced = !line.strip().equals("```");
				continue;
			}
			Matcher opening = OPEN.matcher(line);
			Matcher closing = CLOSE.matcher(line);
			if (opening.matches()) {
				if (open != null) {
					problems.add(where + ":" + (i + 1) + ": block " + opening.group(1) + " opens inside block "
							+ open.name());
				}
				open = new Block(opening.group(1), opening.group(2));
				openedAt = i;
			}
			else if (closing.matches()) {
				if (open == null || !open.name().equals(closing.group(1))) {
					problems.add(where + ":" + (i + 1) + ": <!-- /capture:" + closing.group(1)
							+ " --> closes no open block of that name");
				}
				else {
					List<String> inside = lines.subList(openedAt + 1, i);
					if (inside.isEmpty() || !inside.get(0).startsWith("```")
							|| !inside.get(inside.size() - 1).equals("```")) {
						problems.add(where + ":" + (openedAt + 1) + ": block " + open.name()
								+ " does not hold exactly one fenced block");
					}
					blocks.add(open);
				}
				open = null;
			}
			else if (ANY_MARKER.matcher(line).find()) {
				problems.add(where + ":" + (i + 1) + ": malformed marker (write <!-- capture:NAME regenerate: "
						+ "docs/capture SCENARIO --> and <!-- /capture:NAME -->, each on a line of its own)");
			}
			else if (line.stripLeading().startsWith("```")) {
				fenced = true;
			}
		}
		if (open != null) {
			problems.add(where + ":" + (openedAt + 1) + ": block " + open.name() + " is never closed");
		}
		return blocks;
	}

	private static Map<String, Scenario> scenarios() throws IOException {
		Map<String, Scenario> scenarios = new LinkedHashMap<>();
		try (Stream<Path> files = Files.list(SCENARIOS)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".sh")).sorted().toList()) {
				String name = file.getFileName().toString().replaceFirst("\\.sh$", "");
				String source = Files.readString(file, StandardCharsets.UTF_8);
				Matcher page = SCENARIO_PAGE.matcher(source);
				assertThat(page.find()).as(file + " names its page (page FILE)").isTrue();
				Set<String> blocks = new LinkedHashSet<>();
				Matcher block = SCENARIO_BLOCK.matcher(source);
				while (block.find()) {
					blocks.add(block.group(1));
				}
				scenarios.put(name, new Scenario(name, page.group(1), blocks));
			}
		}
		assertThat(scenarios).as("scenarios under docs/capture.d").isNotEmpty();
		return scenarios;
	}

	private static List<Path> pages() throws IOException {
		List<Path> pages = new ArrayList<>();
		pages.add(ROOT.resolve("README.md"));
		try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
			docs.filter((path) -> path.toString().endsWith(".md")).sorted().forEach(pages::add);
		}
		return pages;
	}

	private static String relative(Path page) {
		return ROOT.relativize(page).toString().replace('\\', '/');
	}

	private record Block(String name, String scenario) {
	}

	private record Scenario(String name, String page, Set<String> blocks) {
	}

}

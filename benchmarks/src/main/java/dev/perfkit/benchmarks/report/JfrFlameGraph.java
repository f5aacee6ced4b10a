package dev.perfkit.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a request's CPU goes, from a JFR recording: reads the {@code jdk.ExecutionSample} events of the threads whose
 * name starts with a prefix (Tomcat's request threads by default), writes a flame graph as SVG (Perfkit's frames in
 * red, the sample application's in green, everything else in greys and blues) and prints a markdown table of the
 * inclusive share of samples by layer: Perfkit by component, then Spring's cache interceptor, Micrometer, Jackson,
 * Spring MVC, Tomcat. Uses only the JDK's {@code jdk.jfr.consumer} API. Run with
 * {@code java -cp benchmarks/target/benchmarks.jar dev.perfkit.benchmarks.report.JfrFlameGraph app.jfr out.svg
 * [thread-prefix] [title]}.
 */
public final class JfrFlameGraph {

	private static final int WIDTH = 1200;

	private static final int FRAME_HEIGHT = 16;

	private static final int TOP = 44;

	/** Frames narrower than this share of the samples are not drawn (their time stays in their parent's width). */
	private static final double MIN_SHARE = 0.002;

	private final Node root = new Node("all", "all");

	private int samples;

	private int truncated;

	private final Map<String, Integer> layers = new LinkedHashMap<>();

	private JfrFlameGraph() {
	}

	/**
	 * Reads the recording, writes the SVG and prints the summary.
	 * @param args the recording, the SVG to write, optionally the thread name prefix and a title
	 * @throws IOException if the recording cannot be read or the SVG written
	 */
	public static void main(String[] args) throws IOException {
		if (args.length < 2) {
			System.err.println("usage: JfrFlameGraph recording.jfr out.svg [thread-prefix] [title]");
			System.exit(2);
		}
		String prefix = (args.length > 2) ? args[2] : "http-nio-";
		String title = (args.length > 3) ? args[3] : "Request threads";
		JfrFlameGraph graph = new JfrFlameGraph();
		graph.read(Path.of(args[0]), prefix);
		Files.writeString(Path.of(args[1]), graph.svg(title));
		System.out.print(graph.summary(prefix));
	}

	private void read(Path recording, String prefix) throws IOException {
		for (String layer : List.of("Perfkit, all", "Spring cache interceptor (`CacheAspectSupport`)",
				"Micrometer (observations, meters)", "Jackson (writing the response)", "Spring MVC (`DispatcherServlet`)",
				"Tomcat and servlet filters")) {
			this.layers.put(layer, 0);
		}
		try (RecordingFile file = new RecordingFile(recording)) {
			while (file.hasMoreEvents()) {
				RecordedEvent event = file.readEvent();
				if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
					continue;
				}
				RecordedThread thread = event.getThread("sampledThread");
				RecordedStackTrace stack = event.getStackTrace();
				if (thread == null || stack == null || thread.getJavaName() == null
						|| !thread.getJavaName().startsWith(prefix)) {
					continue;
				}
				add(stack);
			}
		}
	}

	private void add(RecordedStackTrace stack) {
		this.samples++;
		if (stack.isTruncated()) {
			this.truncated++;
		}
		List<RecordedFrame> frames = stack.getFrames();
		Node node = this.root;
		node.count++;
		Map<String, Boolean> seen = new LinkedHashMap<>();
		for (int i = frames.size() - 1; i >= 0; i--) {
			RecordedMethod method = frames.get(i).getMethod();
			if (method == null) {
				continue;
			}
			String type = method.getType().getName();
			String full = type + "." + method.getName();
			node = node.child(full, simple(type) + "." + method.getName());
			node.count++;
			String component = perfkitComponent(type);
			if (component != null) {
				seen.putIfAbsent("Perfkit, all", true);
				seen.putIfAbsent("Perfkit: " + component, true);
			}
			String layer = layer(type);
			if (layer != null) {
				seen.putIfAbsent(layer, true);
			}
		}
		for (String layer : seen.keySet()) {
			this.layers.merge(layer, 1, Integer::sum);
		}
	}

	private static String perfkitComponent(String type) {
		if (!type.startsWith("dev.perfkit.") || type.startsWith("dev.perfkit.sample.")) {
			return null;
		}
		String rest = type.substring("dev.perfkit.".length());
		int dollar = rest.indexOf('$');
		if (dollar >= 0) {
			rest = rest.substring(0, dollar);
		}
		return "`" + rest + "`";
	}

	private static String layer(String type) {
		if (type.startsWith("org.springframework.cache.interceptor.")) {
			return "Spring cache interceptor (`CacheAspectSupport`)";
		}
		if (type.startsWith("io.micrometer.")) {
			return "Micrometer (observations, meters)";
		}
		if (type.startsWith("tools.jackson.") || type.startsWith("com.fasterxml.jackson.")) {
			return "Jackson (writing the response)";
		}
		if (type.startsWith("org.springframework.web.servlet.")) {
			return "Spring MVC (`DispatcherServlet`)";
		}
		if (type.startsWith("org.apache.catalina.") || type.startsWith("org.apache.coyote.")
				|| type.startsWith("org.apache.tomcat.")) {
			return "Tomcat and servlet filters";
		}
		return null;
	}

	private static String simple(String type) {
		int dot = type.lastIndexOf('.');
		return (dot >= 0) ? type.substring(dot + 1) : type;
	}

	String summary(String prefix) {
		StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT, "%,d execution samples on threads `%s*`%s.%n%n", this.samples, prefix,
				(this.truncated > 0) ? String.format(Locale.ROOT, " (%,d with truncated stacks)", this.truncated) : ""));
		out.append("| layer (inclusive: samples with a frame of it on the stack) | samples | share |\n");
		out.append("| --- | --- | --- |\n");
		List<Map.Entry<String, Integer>> rows = new ArrayList<>(this.layers.entrySet());
		Map<String, Integer> perfkit = new TreeMap<>();
		for (Map.Entry<String, Integer> row : rows) {
			if (row.getKey().startsWith("Perfkit: ")) {
				perfkit.put(row.getKey(), row.getValue());
			}
		}
		for (Map.Entry<String, Integer> row : rows) {
			if (row.getKey().startsWith("Perfkit: ")) {
				continue;
			}
			out.append(row(row.getKey(), row.getValue()));
			if (row.getKey().equals("Perfkit, all")) {
				perfkit.entrySet()
					.stream()
					.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
					.forEach((component) -> out.append(row("&nbsp;&nbsp;" + component.getKey(), component.getValue())));
			}
		}
		return out.toString();
	}

	private String row(String label, int count) {
		return String.format(Locale.ROOT, "| %s | %,d | %.1f%% |%n", label, count,
				(this.samples > 0) ? 100.0 * count / this.samples : 0);
	}

	String svg(String title) {
		int depth = this.root.depth(this.samples);
		int height = TOP + (depth + 1) * FRAME_HEIGHT + 24;
		StringBuilder svg = new StringBuilder();
		svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
		svg.append(String.format(Locale.ROOT,
				"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
						+ "font-family=\"Verdana, sans-serif\" font-size=\"11\">%n",
				WIDTH, height, WIDTH, height));
		svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", WIDTH, height));
		int perfkit = this.layers.getOrDefault("Perfkit, all", 0);
		svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"15\" text-anchor=\"middle\">%s</text>%n",
				WIDTH / 2, escape(title)));
		svg.append(String.format(Locale.ROOT,
				"<text x=\"%d\" y=\"36\" text-anchor=\"middle\">%,d samples; width = share of samples; "
						+ "red: Perfkit (%.1f%% inclusive), green: the sample app; frames under %.1f%% not drawn</text>%n",
				WIDTH / 2, this.samples, (this.samples > 0) ? 100.0 * perfkit / this.samples : 0, MIN_SHARE * 100));
		draw(svg, this.root, 0, 0, height - 24);
		svg.append("</svg>\n");
		return svg.toString();
	}

	private void draw(StringBuilder svg, Node node, double x, int level, int bottom) {
		if (this.samples == 0) {
			return;
		}
		double width = (double) WIDTH * node.count / this.samples;
		int y = bottom - (level + 1) * FRAME_HEIGHT;
		svg.append(String.format(Locale.ROOT,
				"<g><title>%s (%,d samples, %.2f%%)</title><rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
						+ "fill=\"%s\" stroke=\"#ffffff\" stroke-width=\"0.5\"/>",
				escape(node.full), node.count, 100.0 * node.count / this.samples, x, y, width, FRAME_HEIGHT - 1,
				color(node.full)));
		int chars = (int) ((width - 4) / 6.5);
		if (chars >= 3) {
			String label = (node.label.length() <= chars) ? node.label : node.label.substring(0, chars - 2) + "..";
			svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>", x + 2, y + 11, escape(label)));
		}
		svg.append("</g>\n");
		double childX = x;
		List<Node> children = new ArrayList<>(node.children.values());
		children.sort(Comparator.comparing((Node child) -> child.label));
		for (Node child : children) {
			if ((double) child.count / this.samples >= MIN_SHARE) {
				draw(svg, child, childX, level + 1, bottom);
			}
			childX += (double) WIDTH * child.count / this.samples;
		}
	}

	private static String color(String frame) {
		if (frame.startsWith("dev.perfkit.sample.")) {
			return "#7cc47c";
		}
		if (frame.startsWith("dev.perfkit.")) {
			return "#e0473a";
		}
		int hash = Math.abs(frame.hashCode() % 40);
		if (frame.startsWith("org.springframework.")) {
			return String.format(Locale.ROOT, "rgb(%d,%d,%d)", 150 + hash, 185 + hash / 2, 225);
		}
		if (frame.startsWith("org.apache.")) {
			return String.format(Locale.ROOT, "rgb(%d,%d,%d)", 120 + hash, 160 + hash, 200);
		}
		return String.format(Locale.ROOT, "rgb(%d,%d,%d)", 185 + hash, 185 + hash, 180 + hash);
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

	private static final class Node {

		private final String full;

		private final String label;

		private final Map<String, Node> children = new LinkedHashMap<>();

		private int count;

		Node(String full, String label) {
			this.full = full;
			this.label = label;
		}

		Node child(String full, String label) {
			return this.children.computeIfAbsent(full, (key) -> new Node(full, label));
		}

		int depth(int total) {
			int deepest = 0;
			for (Node child : this.children.values()) {
				if ((double) child.count / total >= MIN_SHARE) {
					deepest = Math.max(deepest, 1 + child.depth(total));
				}
			}
			return deepest;
		}

	}

}

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
 * share of samples by layer, each sample counted for the innermost frame of a known layer (Perfkit by component,
 * Spring's cache abstraction, Micrometer, Jackson, Spring MVC, Tomcat...), so that a servlet filter owns its own work
 * and not the rest of the chain. Uses only the JDK's {@code jdk.jfr.consumer} API. Run with
 * {@code java -cp benchmarks/target/benchmarks.jar dev.perfkit.benchmarks.report.JfrFlameGraph app.jfr out.svg
 * [thread-prefix] [title]}.
 */
public final class JfrFlameGraph {

	private static final int WIDTH = 1200;

	private static final int FRAME_HEIGHT = 16;

	private static final int TOP = 44;

	/** Frames narrower than this share of the samples are not drawn (their time stays in their parent's width). */
	private static final double MIN_SHARE = 0.005;

	private final Node root = new Node("all", "all");

	private int samples;

	private int truncated;

	private static final String PERFKIT = "Perfkit: ";

	private static final String OTHER = "JDK and libraries outside these layers";

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
		for (int i = frames.size() - 1; i >= 0; i--) {
			RecordedMethod method = frames.get(i).getMethod();
			if (method == null) {
				continue;
			}
			String type = method.getType().getName();
			node = node.child(type + "." + method.getName(), simple(type) + "." + method.getName());
			node.count++;
		}
		// the sample belongs to the innermost frame of a known layer: a servlet filter owns its own work, not the
		// rest of the chain it calls; JDK and library frames (Caffeine, String) belong to the layer that called them
		String owner = OTHER;
		for (RecordedFrame frame : frames) {
			RecordedMethod method = frame.getMethod();
			String layer = (method != null) ? layer(method.getType().getName()) : null;
			if (layer != null) {
				owner = layer;
				break;
			}
		}
		this.layers.merge(owner, 1, Integer::sum);
	}

	private static String layer(String type) {
		if (type.startsWith("dev.perfkit.sample.")) {
			return "the sample application";
		}
		if (type.startsWith("dev.perfkit.")) {
			String rest = type.substring("dev.perfkit.".length());
			int dollar = rest.indexOf('$');
			return PERFKIT + "`" + ((dollar >= 0) ? rest.substring(0, dollar) : rest) + "`";
		}
		if (type.startsWith("org.springframework.cache.")) {
			return "Spring's cache abstraction (`CacheInterceptor`, key generation, `CaffeineCache`)";
		}
		if (type.startsWith("io.micrometer.")) {
			return "Micrometer (observations, meters)";
		}
		if (type.startsWith("tools.jackson.") || type.startsWith("com.fasterxml.jackson.")) {
			return "Jackson (writing the response)";
		}
		if (type.startsWith("org.springframework.web.") || type.startsWith("org.springframework.http.")) {
			return "Spring MVC";
		}
		if (type.startsWith("org.springframework.")) {
			return "Spring, other (AOP, context, validation)";
		}
		if (type.startsWith("org.apache.")) {
			return "Tomcat";
		}
		if (type.startsWith("com.zaxxer.") || type.startsWith("org.sqlite.")) {
			return "JDBC (Hikari, SQLite)";
		}
		return null;
	}

	private static String simple(String type) {
		int dot = type.lastIndexOf('.');
		return (dot >= 0) ? type.substring(dot + 1) : type;
	}

	String summary(String prefix) {
		StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT, "%,d execution samples on threads `%s*`%s; each sample is counted once, "
				+ "for the innermost frame of a known layer (JDK and library frames count for their caller).%n%n",
				this.samples, prefix,
				(this.truncated > 0) ? String.format(Locale.ROOT, " (%,d with truncated stacks)", this.truncated) : ""));
		out.append("| layer | samples | share |\n");
		out.append("| --- | --- | --- |\n");
		out.append(row("**Perfkit, all**", perfkitSamples()));
		this.layers.entrySet()
			.stream()
			.filter((layer) -> layer.getKey().startsWith(PERFKIT))
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.forEach((layer) -> out.append(row("&nbsp;&nbsp;" + layer.getKey().substring(PERFKIT.length()),
					layer.getValue())));
		this.layers.entrySet()
			.stream()
			.filter((layer) -> !layer.getKey().startsWith(PERFKIT))
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.forEach((layer) -> out.append(row(layer.getKey(), layer.getValue())));
		return out.toString();
	}

	private int perfkitSamples() {
		int perfkit = 0;
		for (Map.Entry<String, Integer> layer : this.layers.entrySet()) {
			if (layer.getKey().startsWith(PERFKIT)) {
				perfkit += layer.getValue();
			}
		}
		return perfkit;
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
		int perfkit = perfkitSamples();
		svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"15\" text-anchor=\"middle\">%s</text>%n",
				WIDTH / 2, escape(title)));
		svg.append(String.format(Locale.ROOT,
				"<text x=\"%d\" y=\"36\" text-anchor=\"middle\">%,d samples; width = share of samples; "
						+ "red: Perfkit (its own frames: %.1f%% of samples), green: the sample app; frames under %.1f%% not drawn</text>%n",
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

package dev.perfkit.sample;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * The spans of one trace as a tree, whichever tracer made them, printed for the README.
 */
final class SpanTree {

	private static final Set<String> SHOWN_TAGS = Set.of("uri", "cache", "layer", "operation", "name",
			"jdbc.query[0]");

	private final List<Node> nodes;

	private SpanTree(List<Node> nodes) {
		this.nodes = nodes.stream().sorted(Comparator.comparingLong(Node::start)).toList();
	}

	static SpanTree of(List<Node> nodes) {
		return new SpanTree(nodes);
	}

	Optional<Node> root() {
		return this.nodes.stream().filter((node) -> node.parentId() == null).findFirst();
	}

	List<Node> children(Node parent) {
		return this.nodes.stream().filter((node) -> parent.id().equals(node.parentId())).toList();
	}

	List<String> childNames(Node parent) {
		return children(parent).stream().map(Node::name).toList();
	}

	Optional<Node> child(Node parent, String name) {
		return children(parent).stream().filter((node) -> node.name().equals(name)).findFirst();
	}

	String render() {
		StringBuilder out = new StringBuilder();
		root().ifPresent((root) -> render(root, "", "", out));
		return out.toString();
	}

	private void render(Node node, String lead, String childLead, StringBuilder out) {
		out.append(lead).append(node.name());
		Map<String, String> tags = new TreeMap<>();
		node.tags().forEach((key, value) -> {
			if (SHOWN_TAGS.contains(key)) {
				tags.put(key, value.replaceAll("\\s+", " ").trim());
			}
		});
		if (!tags.isEmpty()) {
			out.append("  ").append(tags);
		}
		out.append('\n');
		List<Node> children = new ArrayList<>(children(node));
		for (int i = 0; i < children.size(); i++) {
			boolean last = i == children.size() - 1;
			render(children.get(i), childLead + (last ? "└─ " : "├─ "), childLead + (last ? "   " : "│  "), out);
		}
	}

	/** One span. */
	record Node(String id, @Nullable String parentId, String name, Map<String, String> tags, long start) {
	}

}

package dev.perfkit.sample;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A headless Chromium driven over the Chrome DevTools Protocol, with nothing but the JDK's HTTP and WebSocket
 * clients: enough to load a page, evaluate script in it, collect console and network errors, and take a screenshot.
 */
final class HeadlessChromium implements AutoCloseable {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final JsonMapper json = JsonMapper.shared();

	private final Process process;

	private final WebSocket socket;

	private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

	private final List<JsonNode> events = new CopyOnWriteArrayList<>();

	private final AtomicInteger ids = new AtomicInteger();

	private HeadlessChromium(Process process, URI pageSocket) {
		this.process = process;
		this.socket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.connectTimeout(TIMEOUT)
			.buildAsync(pageSocket, new Listener())
			.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
			.join();
	}

	/**
	 * Returns the Chromium binary on the PATH, or {@code null} when there is none.
	 */
	static @Nullable Path find() {
		String path = System.getenv("PATH");
		if (path == null) {
			return null;
		}
		for (String name : List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")) {
			Path found = Stream.of(path.split(File.pathSeparator))
				.map((directory) -> Path.of(directory, name))
				.filter(Files::isExecutable)
				.findFirst()
				.orElse(null);
			if (found != null) {
				return found;
			}
		}
		return null;
	}

	static HeadlessChromium start(Path binary, Path profile) throws Exception {
		Process process = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--disable-extensions", "--hide-scrollbars", "--user-data-dir=" + profile,
				"--remote-debugging-port=0", "--window-size=1400,1200", "about:blank")
			.redirectErrorStream(true)
			.start();
		try {
			CompletableFuture<String> endpoint = new CompletableFuture<>();
			Thread reader = new Thread(() -> drain(process, endpoint), "chromium-output");
			reader.setDaemon(true);
			reader.start();
			URI browser = URI.create(endpoint.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
			URI list = URI.create("http://" + browser.getHost() + ":" + browser.getPort() + "/json/list");
			HttpResponse<String> targets = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(list).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
			for (JsonNode target : json.readTree(targets.body())) {
				if (target.path("type").asString().equals("page")) {
					return new HeadlessChromium(process, URI.create(target.path("webSocketDebuggerUrl").asString()));
				}
			}
			throw new IllegalStateException("Chromium has no page target: " + targets.body());
		}
		catch (Exception ex) {
			process.destroyForcibly();
			throw ex;
		}
	}

	private static void drain(Process process, CompletableFuture<String> endpoint) {
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			StringBuilder seen = new StringBuilder();
			while ((line = output.readLine()) != null) {
				int at = line.indexOf("ws://");
				if (line.startsWith("DevTools listening on") && at >= 0) {
					endpoint.complete(line.substring(at).trim());
				}
				else if (!endpoint.isDone()) {
					seen.append(line).append('\n');
				}
			}
			endpoint.completeExceptionally(new IllegalStateException("Chromium exited: " + seen));
		}
		catch (IOException ex) {
			endpoint.completeExceptionally(ex);
		}
	}

	/**
	 * Sends a DevTools command and waits for its result.
	 */
	JsonNode send(String method, Map<String, Object> params) {
		int id = this.ids.incrementAndGet();
		ObjectNode message = json.createObjectNode();
		message.put("id", id);
		message.put("method", method);
		message.set("params", json.valueToTree(params));
		CompletableFuture<JsonNode> answer = new CompletableFuture<>();
		this.pending.put(id, answer);
		this.socket.sendText(json.writeValueAsString(message), true).join();
		JsonNode response = answer.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
		if (response.has("error")) {
			throw new IllegalStateException(method + " failed: " + response.get("error"));
		}
		return response.path("result");
	}

	JsonNode send(String method) {
		return send(method, Map.of());
	}

	/**
	 * Evaluates an expression in the page and returns its value.
	 */
	JsonNode evaluate(String expression) {
		JsonNode result = send("Runtime.evaluate",
				Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
		if (result.has("exceptionDetails")) {
			throw new IllegalStateException("'" + expression + "' threw " + result.get("exceptionDetails"));
		}
		return result.path("result").path("value");
	}

	/**
	 * Returns the console errors, uncaught exceptions and failed loads the page reported so far, as text.
	 */
	List<String> errors() {
		return this.events.stream().map(HeadlessChromium::describeError).filter((error) -> error != null).toList();
	}

	private static @Nullable String describeError(JsonNode event) {
		String method = event.path("method").asString();
		JsonNode params = event.path("params");
		return switch (method) {
			case "Runtime.exceptionThrown" -> "exception: " + params.path("exceptionDetails");
			case "Runtime.consoleAPICalled" -> params.path("type").asString().equals("error")
					? "console.error: " + params.path("args") : null;
			case "Log.entryAdded" -> params.path("entry").path("level").asString().equals("error")
					? "log: " + params.path("entry").path("text").asString() + " " + params.path("entry").path("url")
					: null;
			default -> null;
		};
	}

	@Override
	public void close() throws InterruptedException {
		this.socket.abort();
		// Chromium's helpers (renderer, GPU, crashpad) outlive the browser process for a moment and keep writing into
		// the profile folder, which the test then fails to delete: stop them all and wait for each
		List<ProcessHandle> helpers = this.process.descendants().toList();
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
		for (ProcessHandle helper : helpers) {
			helper.destroyForcibly();
			try {
				helper.onExit().get(10, TimeUnit.SECONDS);
			}
			catch (ExecutionException | TimeoutException ex) {
				// gone already, or stuck in the kernel: the folder's deletion will say so
			}
		}
	}

	private final class Listener implements WebSocket.Listener {

		private final StringBuilder buffer = new StringBuilder();

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.buffer.append(data);
			if (last) {
				JsonNode message = json.readTree(this.buffer.toString());
				this.buffer.setLength(0);
				if (message.has("id")) {
					CompletableFuture<JsonNode> answer = HeadlessChromium.this.pending.remove(message.get("id").asInt());
					if (answer != null) {
						answer.complete(message);
					}
				}
				else {
					HeadlessChromium.this.events.add(message);
				}
			}
			webSocket.request(1);
			return null;
		}

	}

}

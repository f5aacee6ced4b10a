package dev.perfkit.monitor.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;
import org.springframework.util.StreamUtils;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.util.HtmlUtils;

/**
 * Serves the embedded dashboard: one HTML page, its script and style sheet, and Chart.js from its WebJar, all from
 * the class path. The page reads Perfkit's and Spring Boot's Actuator endpoints from the browser; nothing is fetched
 * from the internet.
 *
 * @since 0.1.0
 */
public final class DashboardRoutes {

	private static final String ASSETS = "dev/perfkit/monitor/dashboard/";

	static final String CHARTJS_POM = "META-INF/maven/org.webjars/chartjs/pom.properties";

	private final String path;

	private final String actuatorBasePath;

	private final Duration refreshInterval;

	private final String page;

	private final Resource chartJs;

	/**
	 * Creates the routes.
	 * @param path where the page is served, such as {@code /perfkit}
	 * @param actuatorBasePath the Actuator base path, such as {@code /actuator}
	 * @param refreshInterval how often the page reads the endpoints again
	 */
	public DashboardRoutes(String path, String actuatorBasePath, Duration refreshInterval) {
		Assert.isTrue(path.startsWith("/") && !path.endsWith("/"), "'path' must start and not end with '/'");
		this.path = path;
		this.actuatorBasePath = actuatorBasePath.endsWith("/")
				? actuatorBasePath.substring(0, actuatorBasePath.length() - 1) : actuatorBasePath;
		this.refreshInterval = refreshInterval;
		this.page = read(new ClassPathResource(ASSETS + "index.html"));
		this.chartJs = new ClassPathResource("META-INF/resources/webjars/chartjs/" + chartJsVersion() + "/dist/");
	}

	/**
	 * Returns the router function that serves the page and its assets.
	 * @return the routes
	 */
	public RouterFunction<ServerResponse> routes() {
		CacheControl assets = CacheControl.maxAge(Duration.ofHours(1));
		return RouterFunctions.route()
			.GET(this.path, this::page)
			.GET(this.path + "/", this::page)
			.resource(RequestPredicates.path(this.path + "/dashboard.js"),
					new ClassPathResource(ASSETS + "dashboard.js"), (resource, headers) -> headers.setCacheControl(assets))
			.resource(RequestPredicates.path(this.path + "/dashboard.css"),
					new ClassPathResource(ASSETS + "dashboard.css"),
					(resource, headers) -> headers.setCacheControl(assets))
			.resources(this.path + "/lib/**", this.chartJs)
			.build();
	}

	private ServerResponse page(ServerRequest request) {
		String base = request.requestPath().contextPath().value();
		String html = this.page.replace("__BASE__", HtmlUtils.htmlEscape(base + this.path))
			.replace("__ACTUATOR__", HtmlUtils.htmlEscape(base + this.actuatorBasePath))
			.replace("__REFRESH__", Long.toString(this.refreshInterval.toMillis()));
		return ServerResponse.ok()
			.contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
			.cacheControl(CacheControl.noStore())
			.body(html);
	}

	private static String chartJsVersion() {
		ClassPathResource pom = new ClassPathResource(CHARTJS_POM);
		Assert.state(pom.exists(), "The embedded dashboard needs the org.webjars:chartjs WebJar on the class path");
		try (InputStream in = pom.getInputStream()) {
			Properties properties = new Properties();
			properties.load(in);
			return properties.getProperty("version");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String read(Resource resource) {
		try (InputStream in = resource.getInputStream()) {
			return StreamUtils.copyToString(in, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

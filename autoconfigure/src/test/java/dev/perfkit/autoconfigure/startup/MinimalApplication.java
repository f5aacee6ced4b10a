package dev.perfkit.autoconfigure.startup;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;

/**
 * An application with every auto-configuration of the test class path and caching on, started in a JVM of its own
 * by {@link DisabledPerfkitClassLoadingTests} and closed once started.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableCaching
public class MinimalApplication {

	public static void main(String[] args) {
		new SpringApplicationBuilder(MinimalApplication.class).web(WebApplicationType.NONE).run(args).close();
	}

}

package dev.perfkit.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.util.StringUtils;

/**
 * Perfkit's sample application: a product catalogue with orders on SQLite, a slow completion service and a flaky
 * downstream call. Runs on embedded defaults; Redis joins when {@code REDIS_URL} is set.
 *
 * @since 0.1.0
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableCaching
public class SampleApplication {

	/**
	 * Starts the application, adding the {@code redis} profile when {@code REDIS_URL} is set.
	 * @param args the command line arguments
	 */
	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(SampleApplication.class);
		if (StringUtils.hasText(System.getenv("REDIS_URL"))) {
			application.setAdditionalProfiles("redis");
		}
		application.run(args);
	}

}

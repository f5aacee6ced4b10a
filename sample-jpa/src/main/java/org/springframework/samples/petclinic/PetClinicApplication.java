package org.springframework.samples.petclinic;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.util.StringUtils;

/**
 * Perfkit's JPA sample: a small pet clinic (owners, pets, vets and their specialties) on Spring Data JPA and
 * Hibernate, in a package of its own under {@code org.springframework.*} as many Spring samples are. Runs on an
 * in-memory H2 database; the {@code postgres} profile uses PostgreSQL on 127.0.0.1:5432, and Redis joins as L2 when
 * {@code REDIS_URL} is set (or with the {@code redis} profile).
 *
 * @since 0.1.0
 */
@SpringBootApplication
@EnableCaching
public class PetClinicApplication {

	/**
	 * Starts the application, adding the {@code redis} profile when {@code REDIS_URL} is set.
	 * @param args the command line arguments
	 */
	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(PetClinicApplication.class);
		if (StringUtils.hasText(System.getenv("REDIS_URL"))) {
			application.setAdditionalProfiles("redis");
		}
		application.run(args);
	}

}

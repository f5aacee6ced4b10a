package org.springframework.samples.perfkit.clinic;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;

/**
 * A small Spring Data JPA application whose own package is under {@code org.springframework.*}, as the Spring
 * PetClinic's is: owners with lazily loaded pets, vets with lazily loaded specialties.
 */
@SpringBootApplication
@EnableCaching
class ClinicApplication {

	/**
	 * Starts the clinic and closes it once started: what the start-up measurements in BENCHMARKS.md run.
	 * @param args the application's arguments
	 */
	public static void main(String[] args) {
		SpringApplication.run(ClinicApplication.class, args).close();
	}

}

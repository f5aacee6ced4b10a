package org.springframework.samples.perfkit.clinic;

import jakarta.persistence.EntityManager;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Seeds owners with two pets each, and vets with two specialties each. */
@Component
class ClinicData {

	static final String[] LAST_NAMES = { "Franklin", "Davis", "Rodriquez", "Black", "Escobito", "Coleman", "Schroeder",
			"Estaban", "McTavish", "Davis" };

	private final EntityManager entityManager;

	ClinicData(EntityManager entityManager) {
		this.entityManager = entityManager;
	}

	@Transactional
	public void seed() {
		if (this.entityManager.createQuery("select count(o) from Owner o", Long.class).getSingleResult() > 0) {
			return;
		}
		for (int i = 0; i < LAST_NAMES.length; i++) {
			Owner owner = new Owner("First" + i, LAST_NAMES[i]);
			this.entityManager.persist(owner);
			this.entityManager.persist(new Pet("Leo" + i, owner));
			this.entityManager.persist(new Pet("Max" + i, owner));
		}
		Specialty radiology = new Specialty("radiology");
		Specialty surgery = new Specialty("surgery");
		Specialty dentistry = new Specialty("dentistry");
		this.entityManager.persist(radiology);
		this.entityManager.persist(surgery);
		this.entityManager.persist(dentistry);
		for (int i = 0; i < 6; i++) {
			Vet vet = new Vet("Vet" + i);
			vet.specialties.add((i % 2 == 0) ? radiology : surgery);
			vet.specialties.add(dentistry);
			this.entityManager.persist(vet);
		}
	}

}

package org.springframework.samples.petclinic;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.samples.petclinic.owner.Owner;
import org.springframework.samples.petclinic.owner.OwnerRepository;
import org.springframework.samples.petclinic.owner.Pet;
import org.springframework.samples.petclinic.owner.PetRepository;
import org.springframework.samples.petclinic.owner.PetType;
import org.springframework.samples.petclinic.vet.Specialty;
import org.springframework.samples.petclinic.vet.SpecialtyRepository;
import org.springframework.samples.petclinic.vet.Vet;
import org.springframework.samples.petclinic.vet.VetRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Seeds an empty database with 3 specialties, 6 vets and 20 owners with 1 to 3 pets each; the same rows every time.
 *
 * @since 0.1.0
 */
@Component
class ClinicSeeder implements ApplicationRunner {

	private static final String[] LAST_NAMES = { "Franklin", "Davis", "Rodriquez", "Black", "Escobito", "Schroeder",
			"Coleman", "Estaban", "McTavish", "Black", "Carter", "Leary", "Douglas", "Ortega", "Stevens", "Jenkins",
			"Harris", "Fisher", "Wagner", "Young" };

	private final OwnerRepository owners;

	private final PetRepository pets;

	private final VetRepository vets;

	private final SpecialtyRepository specialties;

	ClinicSeeder(OwnerRepository owners, PetRepository pets, VetRepository vets, SpecialtyRepository specialties) {
		this.owners = owners;
		this.pets = pets;
		this.vets = vets;
		this.specialties = specialties;
	}

	@Override
	@Transactional
	public void run(ApplicationArguments args) {
		if (this.vets.count() > 0) {
			return;
		}
		List<Specialty> all = this.specialties.saveAll(
				List.of(new Specialty("radiology"), new Specialty("surgery"), new Specialty("dentistry")));
		Instant registered = Instant.parse("2020-01-01T09:00:00Z");
		String[][] names = { { "James", "Carter" }, { "Helen", "Leary" }, { "Linda", "Douglas" },
				{ "Rafael", "Ortega" }, { "Henry", "Stevens" }, { "Sharon", "Jenkins" } };
		for (int i = 0; i < names.length; i++) {
			Vet vet = new Vet(names[i][0], names[i][1], new BigDecimal("40.00").add(BigDecimal.valueOf(i * 5)),
					registered.plusSeconds(86_400L * 30 * i));
			for (int s = 0; s < i % 3 + (i % 2); s++) {
				vet.getSpecialties().add(all.get((i + s) % all.size()));
			}
			this.vets.save(vet);
		}
		PetType[] types = PetType.values();
		for (int i = 0; i < LAST_NAMES.length; i++) {
			Owner owner = this.owners.save(new Owner("Owner" + i, LAST_NAMES[i], (i % 2 == 0) ? "Madison" : "Monona",
					"60855501" + (10 + i)));
			for (int p = 0; p <= i % 3; p++) {
				this.pets.save(new Pet("Pet" + i + "-" + p, LocalDate.of(2015 + (i + p) % 8, 1 + (i % 12), 1 + p),
						types[(i + p) % types.length], new BigDecimal(1 + i % 7 + "." + (10 + p)), owner));
			}
		}
	}

}

package org.springframework.samples.perfkit.clinic;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
@Transactional(readOnly = true)
class ClinicService {

	static final int PAGE_SIZE = 5;

	private final OwnerRepository owners;

	private final PetRepository pets;

	private final VetRepository vets;

	ClinicService(OwnerRepository owners, PetRepository pets, VetRepository vets) {
		this.owners = owners;
		this.pets = pets;
		this.vets = vets;
	}

	/** A page of owners and their pets, the pets loaded lazily one owner at a time: an N+1. */
	public List<String> petsOfOwnersLazily(int page) {
		List<String> names = new ArrayList<>();
		for (Owner owner : this.owners.findAll(PageRequest.of(page, PAGE_SIZE, Sort.by("id")))) {
			owner.pets.forEach((pet) -> names.add(owner.lastName + "/" + pet.name));
		}
		return names;
	}

	/** The same page of owners and their pets in two statements: the page, then its owners with a fetch join. */
	public List<String> petsOfOwnersFetchJoined(int page) {
		List<Integer> ids = this.owners.findAll(PageRequest.of(page, PAGE_SIZE, Sort.by("id")))
			.map((owner) -> owner.id)
			.getContent();
		List<String> names = new ArrayList<>();
		for (Owner owner : this.owners.findWithPets(ids)) {
			owner.pets.forEach((pet) -> names.add(owner.lastName + "/" + pet.name));
		}
		return names;
	}

	@Cacheable("ownerNames")
	public List<String> ownersNamed(String lastName) {
		return this.owners.findByLastName(lastName).stream().map((owner) -> owner.firstName).toList();
	}

	public String ownerName(int id) {
		return this.owners.findById(id).map((owner) -> owner.lastName).orElse(null);
	}

	public int petsNamed(String name) {
		return this.pets.findByName(name).size();
	}

	/** Every vet's specialties, loaded lazily (in batches where Hibernate batch fetching is on). */
	public List<String> specialtiesOfVets() {
		List<String> names = new ArrayList<>();
		this.vets.findAll(Sort.by("id")).forEach((vet) -> {
			TreeSet<String> specialties = new TreeSet<>();
			vet.specialties.forEach((specialty) -> specialties.add(specialty.name));
			names.add(vet.name + " " + specialties);
		});
		return names;
	}

}

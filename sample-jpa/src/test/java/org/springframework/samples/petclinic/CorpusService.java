package org.springframework.samples.petclinic;

import org.hibernate.Hibernate;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.samples.petclinic.owner.Owner;
import org.springframework.samples.petclinic.owner.OwnerRepository;
import org.springframework.samples.petclinic.owner.Pet;
import org.springframework.samples.petclinic.owner.PetRepository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Cached reads that hand Hibernate's lazy machinery to the cache: uninitialized collections and proxies (to be
 * refused) and initialized proxies (to be stored as their entities).
 */
@Transactional(readOnly = true)
public class CorpusService {

	private final OwnerRepository owners;

	private final PetRepository pets;

	CorpusService(OwnerRepository owners, PetRepository pets) {
		this.owners = owners;
		this.pets = pets;
	}

	/** An owner whose pets were never loaded: an uninitialized PersistentBag. */
	@Cacheable("ownersWithoutPets")
	public Owner ownerWithoutPets(int id) {
		return this.owners.findById(id).orElseThrow();
	}

	/** A pet whose owner is an uninitialized proxy. */
	@Cacheable("petsWithLazyOwner")
	public Pet petWithLazyOwner(int id) {
		return this.pets.findById(id).orElseThrow();
	}

	/** A pet whose owner is an initialized proxy, with the owner's pets loaded. */
	@Cacheable("petsWithOwner")
	public Pet petWithOwner(int id) {
		Pet pet = this.pets.findById(id).orElseThrow();
		Hibernate.initialize(pet.getOwner());
		Hibernate.initialize(pet.getOwner().getPets());
		return pet;
	}

	/** An initialized proxy itself, as getReferenceById returns it. */
	@Cacheable("ownerReferences")
	public Owner ownerReference(int id) {
		Owner owner = this.owners.getReferenceById(id);
		Hibernate.initialize(owner);
		Hibernate.initialize(owner.getPets());
		return owner;
	}

}

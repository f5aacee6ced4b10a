package org.springframework.samples.petclinic.owner;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Pets.
 *
 * @since 0.1.0
 */
public interface PetRepository extends JpaRepository<Pet, Integer> {

}

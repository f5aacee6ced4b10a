package org.springframework.samples.perfkit.clinic;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface PetRepository extends JpaRepository<Pet, Integer> {

	List<Pet> findByName(String name);

}

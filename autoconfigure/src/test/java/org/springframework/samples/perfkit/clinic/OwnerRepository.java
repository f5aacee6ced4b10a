package org.springframework.samples.perfkit.clinic;

import java.util.List;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface OwnerRepository extends JpaRepository<Owner, Integer> {

	Page<Owner> findByLastNameStartingWith(String lastName, Pageable pageable);

	List<Owner> findByLastName(String lastName);

	@Query("select distinct o from Owner o left join fetch o.pets where o.id in :ids")
	List<Owner> findWithPets(List<Integer> ids);

}

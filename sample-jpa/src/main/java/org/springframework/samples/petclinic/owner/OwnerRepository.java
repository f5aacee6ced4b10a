package org.springframework.samples.petclinic.owner;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/**
 * Owners: paged reads without their pets, and reads that fetch the pets in the same query.
 *
 * @since 0.1.0
 */
public interface OwnerRepository extends JpaRepository<Owner, Integer> {

	/**
	 * A page of owners, pets not loaded.
	 * @param pageable the page
	 * @return the page
	 */
	@Query(value = "select o from Owner o", countQuery = "select count(o) from Owner o")
	Page<Owner> findPage(Pageable pageable);

	/**
	 * Owners with their pets fetched in the same query (a fetch join).
	 * @param ids the owners' ids
	 * @return the owners, in no particular order
	 */
	@Query("select distinct o from Owner o left join fetch o.pets where o.id in :ids")
	List<Owner> findWithPets(Collection<Integer> ids);

	/**
	 * One owner with its pets.
	 * @param id the id
	 * @return the owner, if there is one
	 */
	@Query("select o from Owner o left join fetch o.pets where o.id = :id")
	Optional<Owner> findWithPets(Integer id);

	/**
	 * Owners by last name prefix, pets not loaded.
	 * @param lastName the prefix
	 * @param pageable the page
	 * @return the page
	 */
	Page<Owner> findByLastNameStartingWith(String lastName, Pageable pageable);

}

package org.springframework.samples.petclinic.vet;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/**
 * Vets, with their specialties fetched in the same query where a read says so.
 *
 * @since 0.1.0
 */
public interface VetRepository extends JpaRepository<Vet, Integer> {

	/**
	 * Every vet with its specialties.
	 * @return the vets, by last name
	 */
	@EntityGraph(attributePaths = "specialties")
	@Query("select v from Vet v order by v.lastName, v.id")
	List<Vet> findAllWithSpecialties();

	/**
	 * A page of vets with their specialties.
	 * @param pageable the page
	 * @return the page
	 */
	@EntityGraph(attributePaths = "specialties")
	@Query(value = "select v from Vet v", countQuery = "select count(v) from Vet v")
	Page<Vet> findPageWithSpecialties(Pageable pageable);

	/**
	 * A slice of vets with their specialties.
	 * @param pageable the slice
	 * @return the slice
	 */
	@EntityGraph(attributePaths = "specialties")
	@Query("select v from Vet v")
	Slice<Vet> findSliceWithSpecialties(Pageable pageable);

	/**
	 * One vet with its specialties, by last name.
	 * @param lastName the last name
	 * @return the vet, if there is one
	 */
	@EntityGraph(attributePaths = "specialties")
	Optional<Vet> findFirstByLastName(String lastName);

	/**
	 * One vet with its specialties.
	 * @param id the id
	 * @return the vet, if there is one
	 */
	@EntityGraph(attributePaths = "specialties")
	@Query("select v from Vet v where v.id = :id")
	Optional<Vet> findWithSpecialties(Integer id);

}

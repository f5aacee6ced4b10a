package org.springframework.samples.petclinic.vet;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Specialties.
 *
 * @since 0.1.0
 */
public interface SpecialtyRepository extends JpaRepository<Specialty, Integer> {

}

package org.springframework.samples.perfkit.clinic;

import org.springframework.data.jpa.repository.JpaRepository;

interface VetRepository extends JpaRepository<Vet, Integer> {

}

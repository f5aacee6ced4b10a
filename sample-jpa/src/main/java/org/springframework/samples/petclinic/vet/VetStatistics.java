package org.springframework.samples.petclinic.vet;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * Figures about the clinic's vets, computed from the database.
 *
 * @param vets number of vets
 * @param averageFee average consultation fee
 * @param vetsBySpecialty number of vets of each specialty, by specialty name
 * @param computedAt when the figures were computed
 * @since 0.1.0
 */
public record VetStatistics(long vets, BigDecimal averageFee, Map<String, Long> vetsBySpecialty, Instant computedAt) {

}

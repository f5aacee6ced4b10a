package org.springframework.samples.petclinic.vet;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Cached reads of vets: an entity, a list and a set of entities, a page and a slice, a record and an optional — the
 * shapes {@code @Cacheable} methods of Spring Data JPA applications return.
 *
 * @since 0.1.0
 */
@Service
@Transactional(readOnly = true)
public class VetService {

	private final VetRepository vets;

	private final SpecialtyRepository specialties;

	VetService(VetRepository vets, SpecialtyRepository specialties) {
		this.vets = vets;
		this.specialties = specialties;
	}

	/**
	 * Every vet with its specialties.
	 * @return the vets
	 */
	@Cacheable("vets")
	public List<Vet> allVets() {
		return this.vets.findAllWithSpecialties();
	}

	/**
	 * One vet with its specialties.
	 * @param id the id
	 * @return the vet, or {@code null}
	 */
	@Cacheable("vet")
	public Vet vet(int id) {
		return this.vets.findWithSpecialties(id).orElse(null);
	}

	/**
	 * A page of vets by last name, with their specialties.
	 * @param page the page number, from 0
	 * @param size the page size
	 * @return the page
	 */
	@Cacheable("vetPages")
	public Page<Vet> vetPage(int page, int size) {
		return this.vets.findPageWithSpecialties(PageRequest.of(page, size, Sort.by("lastName", "id")));
	}

	/**
	 * A slice of vets by id, with their specialties.
	 * @param page the slice number, from 0
	 * @param size the slice size
	 * @return the slice
	 */
	@Cacheable("vetSlices")
	public Slice<Vet> vetSlice(int page, int size) {
		return this.vets.findSliceWithSpecialties(PageRequest.of(page, size, Sort.by(Sort.Direction.DESC, "id")));
	}

	/**
	 * Every specialty.
	 * @return the specialties, by name
	 */
	@Cacheable("specialties")
	public Set<Specialty> specialties() {
		return new LinkedHashSet<>(this.specialties.findAll(Sort.by("name")));
	}

	/**
	 * The first vet of a last name; Spring caches the optional's content.
	 * @param lastName the last name
	 * @return the vet, if there is one
	 */
	@Cacheable("vetsByLastName")
	public Optional<Vet> vetByLastName(String lastName) {
		return this.vets.findFirstByLastName(lastName);
	}

	/**
	 * Figures about the vets.
	 * @return the statistics
	 */
	@Cacheable("vetStatistics")
	public VetStatistics statistics() {
		List<Vet> all = this.vets.findAllWithSpecialties();
		BigDecimal total = all.stream().map(Vet::getConsultationFee).reduce(BigDecimal.ZERO, BigDecimal::add);
		BigDecimal average = all.isEmpty() ? BigDecimal.ZERO
				: total.divide(BigDecimal.valueOf(all.size()), 2, RoundingMode.HALF_UP);
		Map<String, Long> bySpecialty = new TreeMap<>();
		for (Vet vet : all) {
			for (Specialty specialty : vet.getSpecialties()) {
				bySpecialty.merge(specialty.getName(), 1L, Long::sum);
			}
		}
		return new VetStatistics(all.size(), average, bySpecialty, Instant.now().truncatedTo(ChronoUnit.MILLIS));
	}

	/**
	 * Drops every cached vet read.
	 */
	@CacheEvict(cacheNames = { "vets", "vet", "vetPages", "vetSlices", "vetsByLastName", "vetStatistics" },
			allEntries = true)
	public void evictAll() {
	}

}

package org.springframework.samples.petclinic.owner;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads of owners with their pets: the classic N+1 (a page of owners, then one query per owner for its pets) and its
 * fix (the page's ids, then one fetch-join query for their pets).
 *
 * @since 0.1.0
 */
@Service
@Transactional(readOnly = true)
public class OwnerService {

	private final OwnerRepository owners;

	OwnerService(OwnerRepository owners) {
		this.owners = owners;
	}

	/**
	 * A page of owners with their pets, the pets loaded lazily one owner at a time: 1 + page size queries.
	 * @param page the page number, from 0
	 * @param size the page size
	 * @return the page
	 */
	public Page<OwnerView> ownersLazily(int page, int size) {
		return this.owners.findPage(PageRequest.of(page, size, Sort.by("lastName", "id"))).map(OwnerView::of);
	}

	/**
	 * The same page with the pets of its owners fetched in one query: 2 queries (plus the count).
	 * @param page the page number, from 0
	 * @param size the page size
	 * @return the page
	 */
	public Page<OwnerView> ownersJoined(int page, int size) {
		PageRequest request = PageRequest.of(page, size, Sort.by("lastName", "id"));
		Page<Owner> ids = this.owners.findPage(request);
		Map<Integer, Owner> withPets = this.owners.findWithPets(ids.map(Owner::getId).getContent())
			.stream()
			.collect(Collectors.toMap(Owner::getId, Function.identity()));
		List<OwnerView> views = ids.getContent()
			.stream()
			.map((owner) -> OwnerView.of(withPets.get(owner.getId())))
			.toList();
		return new PageImpl<>(views, request, ids.getTotalElements());
	}

	/**
	 * One owner with its pets (an entity with an initialized lazy collection, whose pets point back to it).
	 * @param id the id
	 * @return the owner, or {@code null}
	 */
	@Cacheable("owners")
	public Owner owner(int id) {
		return this.owners.findWithPets(id).orElse(null);
	}

	/**
	 * Owners whose last name starts with a prefix, with their pets, as views.
	 * @param lastName the prefix
	 * @return the owners, by last name
	 */
	@Cacheable("ownerSearches")
	public List<OwnerView> search(String lastName) {
		return this.owners.findByLastNameStartingWith(lastName, PageRequest.of(0, 20, Sort.by("lastName", "id")))
			.getContent()
			.stream()
			.sorted(Comparator.comparing(Owner::getLastName))
			.map(OwnerView::of)
			.toList();
	}

}

package org.springframework.samples.petclinic.web;

import java.util.List;
import java.util.Set;

import org.springframework.data.domain.Page;
import org.springframework.data.web.PagedModel;
import org.springframework.http.ResponseEntity;
import org.springframework.samples.petclinic.owner.Owner;
import org.springframework.samples.petclinic.owner.OwnerService;
import org.springframework.samples.petclinic.owner.OwnerView;
import org.springframework.samples.petclinic.vet.Specialty;
import org.springframework.samples.petclinic.vet.Vet;
import org.springframework.samples.petclinic.vet.VetService;
import org.springframework.samples.petclinic.vet.VetStatistics;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The clinic's API. {@code /api/owners/lazy} has an N+1 (one query per owner for its pets);
 * {@code /api/owners/joined} returns the same page with a fetch join.
 *
 * @since 0.1.0
 */
@RestController
@RequestMapping("/api")
public class ClinicController {

	private final OwnerService owners;

	private final VetService vets;

	ClinicController(OwnerService owners, VetService vets) {
		this.owners = owners;
		this.vets = vets;
	}

	@GetMapping("/owners/lazy")
	PagedModel<OwnerView> ownersLazy(@RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "5") int size) {
		return new PagedModel<>(this.owners.ownersLazily(page, size));
	}

	@GetMapping("/owners/joined")
	PagedModel<OwnerView> ownersJoined(@RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "5") int size) {
		return new PagedModel<>(this.owners.ownersJoined(page, size));
	}

	@GetMapping("/owners/{id}")
	ResponseEntity<OwnerView> owner(@PathVariable int id) {
		Owner owner = this.owners.owner(id);
		return (owner != null) ? ResponseEntity.ok(OwnerView.of(owner)) : ResponseEntity.notFound().build();
	}

	@GetMapping("/owners")
	List<OwnerView> search(@RequestParam(defaultValue = "") String lastName) {
		return this.owners.search(lastName);
	}

	@GetMapping("/vets")
	List<VetView> vets() {
		return this.vets.allVets().stream().map(VetView::of).toList();
	}

	@GetMapping("/vets/{id}")
	ResponseEntity<VetView> vet(@PathVariable int id) {
		Vet vet = this.vets.vet(id);
		return (vet != null) ? ResponseEntity.ok(VetView.of(vet)) : ResponseEntity.notFound().build();
	}

	@GetMapping("/vets/page")
	PagedModel<VetView> vetPage(@RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "5") int size) {
		Page<Vet> vets = this.vets.vetPage(page, size);
		return new PagedModel<>(vets.map(VetView::of));
	}

	@GetMapping("/vets/by-last-name/{lastName}")
	ResponseEntity<VetView> vetByLastName(@PathVariable String lastName) {
		return ResponseEntity.of(this.vets.vetByLastName(lastName).map(VetView::of));
	}

	@GetMapping("/specialties")
	List<String> specialties() {
		Set<Specialty> specialties = this.vets.specialties();
		return specialties.stream().map(Specialty::getName).toList();
	}

	@GetMapping("/vets/statistics")
	VetStatistics statistics() {
		return this.vets.statistics();
	}

	/**
	 * A vet as the API returns it.
	 *
	 * @param id the vet's id
	 * @param name the vet's full name
	 * @param specialties the names of the vet's specialties
	 */
	record VetView(int id, String name, List<String> specialties) {

		static VetView of(Vet vet) {
			return new VetView(vet.getId(), vet.getFirstName() + " " + vet.getLastName(),
					vet.getSpecialties().stream().map(Specialty::getName).sorted().toList());
		}

	}

}

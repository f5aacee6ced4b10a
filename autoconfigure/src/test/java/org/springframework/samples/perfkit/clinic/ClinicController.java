package org.springframework.samples.perfkit.clinic;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ClinicController {

	private final ClinicService clinic;

	ClinicController(ClinicService clinic) {
		this.clinic = clinic;
	}

	@GetMapping("/owners/lazy/{page}")
	List<String> lazy(@PathVariable int page) {
		return this.clinic.petsOfOwnersLazily(page);
	}

	@GetMapping("/owners/fetch-join/{page}")
	List<String> fetchJoin(@PathVariable int page) {
		return this.clinic.petsOfOwnersFetchJoined(page);
	}

}

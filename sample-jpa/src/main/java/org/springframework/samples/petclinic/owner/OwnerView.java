package org.springframework.samples.petclinic.owner;

import java.util.List;

/**
 * An owner and the names of its pets, as the API returns it.
 *
 * @param id the owner's id
 * @param name the owner's full name
 * @param city the owner's city
 * @param pets the names of the owner's pets
 * @since 0.1.0
 */
public record OwnerView(int id, String name, String city, List<String> pets) {

	/**
	 * The view of an owner whose pets are loaded.
	 * @param owner the owner
	 * @return its view
	 */
	public static OwnerView of(Owner owner) {
		return new OwnerView(owner.getId(), owner.getFirstName() + " " + owner.getLastName(), owner.getCity(),
				owner.getPets().stream().map(Pet::getName).toList());
	}

}

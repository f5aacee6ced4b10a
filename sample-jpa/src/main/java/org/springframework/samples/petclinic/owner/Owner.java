package org.springframework.samples.petclinic.owner;

import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;

/**
 * A pet owner; its pets are a lazy one-to-many association (a Hibernate {@code PersistentBag} once loaded).
 *
 * @since 0.1.0
 */
@Entity
@Table(name = "owners", indexes = @Index(name = "owners_last_name_idx", columnList = "last_name"))
public class Owner {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Integer id;

	@Column(name = "first_name", nullable = false)
	private String firstName;

	@Column(name = "last_name", nullable = false)
	private String lastName;

	@Column(nullable = false)
	private String city;

	private String telephone;

	@OneToMany(mappedBy = "owner")
	@OrderBy("name")
	private List<Pet> pets = new ArrayList<>();

	protected Owner() {
	}

	/**
	 * Creates an owner without pets.
	 * @param firstName the first name
	 * @param lastName the last name
	 * @param city the city
	 * @param telephone the telephone number
	 */
	public Owner(String firstName, String lastName, String city, String telephone) {
		this.firstName = firstName;
		this.lastName = lastName;
		this.city = city;
		this.telephone = telephone;
	}

	public Integer getId() {
		return this.id;
	}

	public String getFirstName() {
		return this.firstName;
	}

	public String getLastName() {
		return this.lastName;
	}

	public String getCity() {
		return this.city;
	}

	public String getTelephone() {
		return this.telephone;
	}

	public List<Pet> getPets() {
		return this.pets;
	}

	@Override
	public String toString() {
		return "Owner[" + this.id + ", " + this.firstName + " " + this.lastName + "]";
	}

}

package org.springframework.samples.perfkit.clinic;

import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;

@Entity
@Table(name = "owners", indexes = @Index(name = "owners_last_name_idx", columnList = "last_name"))
class Owner {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	Integer id;

	@Column(name = "first_name")
	String firstName;

	@Column(name = "last_name")
	String lastName;

	@OneToMany(mappedBy = "owner", fetch = FetchType.LAZY)
	List<Pet> pets = new ArrayList<>();

	protected Owner() {
	}

	Owner(String firstName, String lastName) {
		this.firstName = firstName;
		this.lastName = lastName;
	}

}

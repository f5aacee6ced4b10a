package org.springframework.samples.petclinic.vet;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A vet's specialty, such as radiology.
 *
 * @since 0.1.0
 */
@Entity
@Table(name = "specialties")
public class Specialty {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Integer id;

	@Column(nullable = false, unique = true)
	private String name;

	protected Specialty() {
	}

	/**
	 * Creates a specialty.
	 * @param name its name
	 */
	public Specialty(String name) {
		this.name = name;
	}

	public Integer getId() {
		return this.id;
	}

	public String getName() {
		return this.name;
	}

	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof Specialty specialty && this.id != null
				&& this.id.equals(specialty.id));
	}

	@Override
	public int hashCode() {
		return Specialty.class.hashCode();
	}

	@Override
	public String toString() {
		return "Specialty[" + this.id + ", " + this.name + "]";
	}

}

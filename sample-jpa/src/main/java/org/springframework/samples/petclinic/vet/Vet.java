package org.springframework.samples.petclinic.vet;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.Table;

/**
 * A vet; its specialties are a lazy many-to-many association (a Hibernate {@code PersistentSet} once loaded).
 *
 * @since 0.1.0
 */
@Entity
@Table(name = "vets")
public class Vet {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Integer id;

	@Column(name = "first_name", nullable = false)
	private String firstName;

	@Column(name = "last_name", nullable = false)
	private String lastName;

	@Column(name = "consultation_fee", precision = 8, scale = 2, nullable = false)
	private BigDecimal consultationFee;

	@Column(name = "registered_at", nullable = false)
	private Instant registeredAt;

	@ManyToMany
	@JoinTable(name = "vet_specialties", joinColumns = @JoinColumn(name = "vet_id"),
			inverseJoinColumns = @JoinColumn(name = "specialty_id"))
	private Set<Specialty> specialties = new HashSet<>();

	protected Vet() {
	}

	/**
	 * Creates a vet without specialties.
	 * @param firstName the first name
	 * @param lastName the last name
	 * @param consultationFee the fee of one consultation
	 * @param registeredAt when the vet joined the clinic
	 */
	public Vet(String firstName, String lastName, BigDecimal consultationFee, Instant registeredAt) {
		this.firstName = firstName;
		this.lastName = lastName;
		this.consultationFee = consultationFee;
		this.registeredAt = registeredAt;
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

	public BigDecimal getConsultationFee() {
		return this.consultationFee;
	}

	public Instant getRegisteredAt() {
		return this.registeredAt;
	}

	public Set<Specialty> getSpecialties() {
		return this.specialties;
	}

	@Override
	public String toString() {
		return "Vet[" + this.id + ", " + this.firstName + " " + this.lastName + "]";
	}

}

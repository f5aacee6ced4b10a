package org.springframework.samples.petclinic.owner;

import java.math.BigDecimal;
import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/**
 * A pet; its owner is a lazy many-to-one association (a Hibernate proxy until read).
 *
 * @since 0.1.0
 */
@Entity
@Table(name = "pets")
public class Pet {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Integer id;

	@Column(nullable = false)
	private String name;

	@Column(name = "birth_date")
	private LocalDate birthDate;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private PetType type;

	@Column(precision = 6, scale = 2)
	private BigDecimal weight;

	@ManyToOne(fetch = FetchType.LAZY, optional = false)
	@JoinColumn(name = "owner_id")
	private Owner owner;

	protected Pet() {
	}

	/**
	 * Creates a pet of an owner.
	 * @param name the name
	 * @param birthDate the date of birth
	 * @param type the kind of pet
	 * @param weight the weight in kilograms
	 * @param owner the owner
	 */
	public Pet(String name, LocalDate birthDate, PetType type, BigDecimal weight, Owner owner) {
		this.name = name;
		this.birthDate = birthDate;
		this.type = type;
		this.weight = weight;
		this.owner = owner;
	}

	public Integer getId() {
		return this.id;
	}

	public String getName() {
		return this.name;
	}

	public LocalDate getBirthDate() {
		return this.birthDate;
	}

	public PetType getType() {
		return this.type;
	}

	public BigDecimal getWeight() {
		return this.weight;
	}

	public Owner getOwner() {
		return this.owner;
	}

	@Override
	public String toString() {
		return "Pet[" + this.id + ", " + this.name + "]";
	}

}

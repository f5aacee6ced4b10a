package org.springframework.samples.petclinic.owner;

/**
 * Kinds of pets the clinic treats.
 *
 * @since 0.1.0
 */
public enum PetType {

	/** A cat. */
	CAT,
	/** A dog. */
	DOG,
	/** A bird. */
	BIRD,
	/** A hamster. */
	HAMSTER

}

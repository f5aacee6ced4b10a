/**
 * Vets and their specialties: a lazy many-to-many association and {@code @Cacheable} reads of entities, lists,
 * sets, pages, records and optionals.
 */
package org.springframework.samples.petclinic.vet;

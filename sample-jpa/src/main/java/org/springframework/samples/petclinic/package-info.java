/**
 * Perfkit's JPA sample application: a pet clinic on Spring Data JPA and Hibernate.
 */
package org.springframework.samples.petclinic;

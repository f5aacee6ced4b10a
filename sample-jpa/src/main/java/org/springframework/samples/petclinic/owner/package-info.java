/**
 * Owners and their pets: lazy one-to-many associations, paged reads, and the N+1 route with its fetch-join twin.
 */
package org.springframework.samples.petclinic.owner;

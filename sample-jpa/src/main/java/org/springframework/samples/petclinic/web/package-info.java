/**
 * The sample's REST API.
 */
package org.springframework.samples.petclinic.web;

package dev.perfkit.sample.catalog;

import java.io.Serializable;

/**
 * A category of the catalogue.
 *
 * @param id the id
 * @param name the name
 * @since 0.1.0
 */
public record Category(long id, String name) implements Serializable {

}

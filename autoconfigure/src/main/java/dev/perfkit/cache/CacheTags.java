package dev.perfkit.cache;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Tags the entries a {@code @Cacheable} or {@code @CachePut} method writes to a {@link LayeredCache}, so that
 * {@link LayeredCacheManager#invalidateTags(String...)} can remove them later. Each value is a SpEL expression
 * evaluated when the entry is written, with the method's arguments (by name, or {@code #p0}, {@code #a0}) and
 * {@code #result}:
 * <pre class="code">
 * &#64;Cacheable("products")
 * &#64;CacheTags({ "'product:' + #id", "'category:' + #result.category().id()" })
 * public Product product(long id) { ... }
 * </pre>
 * An expression that yields {@code null} or fails adds no tag; a collection or array adds one tag per element.
 *
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CacheTags {

	/**
	 * SpEL expressions, one tag (or collection of tags) each.
	 * @return the expressions
	 */
	String[] value();

}

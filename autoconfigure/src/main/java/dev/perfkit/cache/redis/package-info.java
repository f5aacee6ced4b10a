/**
 * L2 of the layered cache on Redis through Spring Data Redis (Lettuce), and the invalidation stream that keeps
 * every instance's L1 coherent.
 */
@NullMarked
package dev.perfkit.cache.redis;

import org.jspecify.annotations.NullMarked;

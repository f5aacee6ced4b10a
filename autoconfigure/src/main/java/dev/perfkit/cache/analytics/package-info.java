/**
 * Cache analytics: per-cache snapshots, a health score, alerts and recommendations.
 */
@NullMarked
package dev.perfkit.cache.analytics;

import org.jspecify.annotations.NullMarked;

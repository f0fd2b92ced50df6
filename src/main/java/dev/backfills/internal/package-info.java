/**
 * The machinery behind {@link dev.backfills.BackfillsClient}: transport, retries, interceptors and JSON
 * decoding.
 *
 * <p><strong>Not a public API.</strong> Everything here may change or disappear in any release, without
 * notice; do not use it from application code. It is public only because Java packages cannot share
 * package-private types.
 */
@NullMarked
package dev.backfills.internal;

import org.jspecify.annotations.NullMarked;

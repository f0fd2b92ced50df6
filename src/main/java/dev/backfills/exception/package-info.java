/**
 * The unchecked exceptions of failed calls, rooted at {@link dev.backfills.exception.BackfillsException}.
 *
 * <ul>
 *   <li>{@link dev.backfills.exception.ApiException}: a non-2xx answer, with the status, the parsed error
 *       and the request id; subclasses for 401, 403, 404, 429 and 5xx.
 *   <li>{@link dev.backfills.exception.TransportException}: no usable answer (network, timeout).
 *   <li>{@link dev.backfills.exception.MalformedResponseException}: a 2xx whose body is not the documented
 *       envelope.
 * </ul>
 */
@NullMarked
package dev.backfills.exception;

import org.jspecify.annotations.NullMarked;

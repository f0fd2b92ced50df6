/**
 * An embedded fake of the backfills API for tests: {@link dev.backfills.testing.FakeBackfillsServer}
 * serves both read operations over real HTTP on the loopback interface, {@link
 * dev.backfills.testing.FakeBackfill} scripts how each backfill progresses, and {@link
 * dev.backfills.testing.ManualClock} lets a test move time by hand.
 *
 * <p>It ships in the main jar so that applications can test their own use of the client against it
 * without a network or the vendor's service. It needs only the JDK's {@code com.sun.net.httpserver}
 * (module {@code jdk.httpserver}) and jackson-core, which the client depends on anyway.
 */
@NullMarked
package dev.backfills.testing;

import org.jspecify.annotations.NullMarked;

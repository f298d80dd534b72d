/**
 * A whole federation on this machine, for the demo and the integration tests alike: the control plane as a child
 * process started through {@code ./flotilla server} ({@link dev.flotilla.demo.local.ControlPlaneProcess}) and
 * simulated member clusters with their agents in this JVM ({@link dev.flotilla.demo.local.MemberFederation}).
 * Nothing here knows the demo's scenario; the demo's other classes use this package, never the other way round.
 */
package dev.flotilla.demo.local;

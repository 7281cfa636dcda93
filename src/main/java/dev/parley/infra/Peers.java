package dev.parley.infra;

/**
 * Whether other Parley nodes read this node's Kafka topics. The embedded broker runs
 * inside this process, on loopback, and stops with it: it serves this node alone, and a
 * second node needs an external Kafka. With an external Kafka other nodes may run, or
 * start at any time.
 */
public enum Peers {

	/** The embedded broker: no other node reads what this node publishes. */
	NONE,

	/** An external Kafka: other nodes may read every topic. */
	POSSIBLE

}

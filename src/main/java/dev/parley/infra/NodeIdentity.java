package dev.parley.infra;

/**
 * The identity of this gateway node, unique among running nodes; it names the node's
 * consumers and appears in logs and metrics.
 *
 * @param id the node id
 */
public record NodeIdentity(String id) {

}

/**
 * Infrastructure: the node's identity and data directory, the embedded KRaft broker and
 * H2 database of the one-command default, the Kafka topics every module uses, health
 * indicators and the REST error mapping. Setting {@code spring.kafka.bootstrap-servers}
 * or {@code spring.datasource.url} switches to external infrastructure; apart from
 * {@link dev.parley.infra.Peers} (an external Kafka may have other nodes reading it),
 * nothing else changes.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = "common")
package dev.parley.infra;

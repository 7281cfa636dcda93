/**
 * Infrastructure: the node's identity and data directory, the embedded KRaft broker and
 * H2 database of the one-command default, the Kafka topics every module uses, health
 * indicators and the REST error mapping. Setting {@code spring.kafka.bootstrap-servers}
 * or {@code spring.datasource.url} switches to external infrastructure; nothing else
 * changes.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = "common")
package dev.parley.infra;

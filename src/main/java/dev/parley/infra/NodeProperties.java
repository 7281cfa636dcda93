package dev.parley.infra;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotNull;

/**
 * Settings of this node.
 *
 * @param dataDir directory for the embedded broker's log and the embedded database;
 * unused when both Kafka and the database are external
 * @param nodeId name of this node in logs, metrics and consumer ids; empty means a random
 * id chosen at startup
 */
@Validated
@ConfigurationProperties("parley")
public record NodeProperties(@DefaultValue("./data") @NotNull Path dataDir, @DefaultValue("") String nodeId) {

}

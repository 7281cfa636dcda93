package dev.parley.infra.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotNull;

/**
 * Limits on HTTP requests.
 *
 * @param maxJsonBody the largest JSON request body (larger: {@code payload_too_large},
 * 413); bodies of other types are not limited by it
 */
@Validated
@ConfigurationProperties("parley.http")
record RequestLimits(@DefaultValue("64KB") @NotNull DataSize maxJsonBody) {

}

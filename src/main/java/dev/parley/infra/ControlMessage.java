package dev.parley.infra;

/**
 * A notice on the control topic, published by {@link ControlBus} as an application event
 * on every node but the one that announced it. Listen for it with {@code @EventListener}
 * and filter on {@link #kind()}; listeners run on the control-tail thread and must not
 * block for long.
 *
 * @param kind what the notice is about, e.g. {@code device-revoked}
 * @param payload the notice's data (a short string the publisher chose)
 * @param originNode the node that published it
 */
public record ControlMessage(String kind, String payload, String originNode) {

}

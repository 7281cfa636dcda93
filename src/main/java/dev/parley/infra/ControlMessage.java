package dev.parley.infra;

/**
 * A notice on the control topic, published to every node (as an application event) by
 * {@link ControlBus}. Listen for it with {@code @EventListener} and filter on
 * {@link #kind()}; listeners run on the control-tail thread and must not block for long.
 *
 * @param kind what the notice is about, e.g. {@code device-revoked}
 * @param payload the notice's data (a short string the publisher chose)
 * @param originNode the node that published it
 */
public record ControlMessage(String kind, String payload, String originNode) {

	/** Whether this node published the notice (and so already acted on it). */
	public boolean fromNode(NodeIdentity node) {
		return this.originNode.equals(node.id());
	}

}

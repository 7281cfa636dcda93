package dev.parley.messaging;

import java.util.Objects;

import dev.parley.messaging.InboundCommand.Delete;
import dev.parley.messaging.InboundCommand.Edit;
import dev.parley.messaging.InboundCommand.Send;

/**
 * Tells whether a command under a stored client id is the command stored under it (a
 * resend, answered with the stored event) or another one (answered with
 * {@code conflict}): the same kind, body and target. A message edited or deleted since
 * keeps no original text to compare, so a send under its id is taken for a resend.
 */
final class StoredCommand {

	private StoredCommand() {
	}

	static boolean matches(EventRow stored, InboundCommand command) {
		if (command instanceof Send send) {
			return stored.kind() == EventKind.MESSAGE
					&& (stored.editedAt() != null || stored.deleted() || Objects.equals(stored.body(), send.body()));
		}
		if (command instanceof Edit edit) {
			return stored.kind() == EventKind.EDITED && Objects.equals(stored.targetSeq(), edit.targetSeq())
					&& Objects.equals(stored.body(), edit.body());
		}
		if (command instanceof Delete delete) {
			return stored.kind() == EventKind.DELETED && Objects.equals(stored.targetSeq(), delete.targetSeq());
		}
		return false;
	}

}

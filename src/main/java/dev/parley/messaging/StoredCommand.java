package dev.parley.messaging;

import java.util.Objects;

import dev.parley.messaging.InboundCommand.Delete;
import dev.parley.messaging.InboundCommand.Edit;
import dev.parley.messaging.InboundCommand.Send;

/**
 * Tells whether a command under a known client id is the command known under it (a
 * resend, answered with its event) or another one (answered with {@code conflict}): the
 * same kind, body and target. A message edited or deleted since keeps no original text to
 * compare, so a send under its id is taken for a resend.
 */
final class StoredCommand {

	/** The message of a {@code conflict}. */
	static final String CONFLICT = "This id names another command of yours in this conversation; use a new id.";

	private StoredCommand() {
	}

	/** Whether a command is the same as one waiting under its key (the device aside). */
	static boolean same(InboundCommand waiting, InboundCommand command) {
		if (waiting instanceof Send first && command instanceof Send again) {
			return Objects.equals(first.body(), again.body());
		}
		if (waiting instanceof Edit first && command instanceof Edit again) {
			return first.targetSeq() == again.targetSeq() && Objects.equals(first.body(), again.body());
		}
		if (waiting instanceof Delete first && command instanceof Delete again) {
			return first.targetSeq() == again.targetSeq();
		}
		return false;
	}

	/** Whether a command is the one stored as this event. */
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

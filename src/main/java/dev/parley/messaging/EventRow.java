package dev.parley.messaging;

import java.time.OffsetDateTime;

/** One row of the {@code events} table. */
record EventRow(long conversationId, long seq, EventKind kind, long senderId, long deviceId, String clientId,
		String body, Long targetSeq, Long subjectId, String change, OffsetDateTime createdAt, OffsetDateTime editedAt,
		boolean deleted) {

}

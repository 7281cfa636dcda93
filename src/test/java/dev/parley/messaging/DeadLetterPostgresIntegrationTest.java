package dev.parley.messaging;

import dev.parley.ParleyPostgresTest;

@ParleyPostgresTest
class DeadLetterPostgresIntegrationTest extends DeadLetterIntegrationTest {

	/** PostgreSQL stores no U+0000 in text. */
	@Override
	String refusedBody() {
		return "before \u0000 after";
	}

}

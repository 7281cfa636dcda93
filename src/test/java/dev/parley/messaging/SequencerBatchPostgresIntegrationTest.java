package dev.parley.messaging;

import dev.parley.ParleyPostgresTest;

@ParleyPostgresTest
class SequencerBatchPostgresIntegrationTest extends SequencerBatchIntegrationTest {

}

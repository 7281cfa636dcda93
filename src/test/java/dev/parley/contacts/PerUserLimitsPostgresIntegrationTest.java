package dev.parley.contacts;

import dev.parley.ParleyPostgresTest;

@ParleyPostgresTest
class PerUserLimitsPostgresIntegrationTest extends PerUserLimitsIntegrationTest {

}

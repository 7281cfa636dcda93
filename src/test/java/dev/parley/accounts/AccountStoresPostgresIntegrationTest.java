package dev.parley.accounts;

import dev.parley.ParleyPostgresTest;

@ParleyPostgresTest
class AccountStoresPostgresIntegrationTest extends AccountStoresIntegrationTest {

}

package dev.parley.contacts;

import dev.parley.ParleyPostgresTest;

@ParleyPostgresTest
class ContactStorePostgresIntegrationTest extends ContactStoreIntegrationTest {

}

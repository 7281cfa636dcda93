package dev.parley.contacts;

import dev.parley.ParleyPostgresTest;

@ParleyPostgresTest
class PhoneNumberPrivacyPostgresIntegrationTest extends PhoneNumberPrivacyIntegrationTest {

}

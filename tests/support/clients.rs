//! Facade clients pointed at a mock, with the mock's demo credentials.

use liveness::{HttpOptions, talentomobile, tencent, trustdecision, verifik};
use liveness_mock::config::{
    DEMO_TALENTOMOBILE_API_KEY, DEMO_TENCENT_SECRET_ID, DEMO_TENCENT_SECRET_KEY,
    DEMO_TRUSTDECISION_PARTNER_CODE, DEMO_TRUSTDECISION_PARTNER_KEY, DEMO_VERIFIK_TOKEN,
};

/// A Tencent client for `base`.
pub fn tencent(base: &str, options: HttpOptions) -> tencent::Client {
    let credentials = tencent::Credentials::new(
        DEMO_TENCENT_SECRET_ID,
        DEMO_TENCENT_SECRET_KEY.to_owned().into(),
    )
    .expect("demo credentials");
    tencent::Client::builder()
        .region("ap-singapore")
        .credentials(credentials)
        .base_url(base)
        .options(options)
        .build()
        .expect("client")
}

/// A TrustDecision client for `base`.
pub fn trustdecision(base: &str, options: HttpOptions) -> trustdecision::Client {
    trustdecision::Client::builder()
        .partner_code(DEMO_TRUSTDECISION_PARTNER_CODE)
        .partner_key(DEMO_TRUSTDECISION_PARTNER_KEY)
        .base_url(base)
        .options(options)
        .build()
        .expect("client")
}

/// A Talentomobile client for `base`.
pub fn talentomobile(base: &str, options: HttpOptions) -> talentomobile::Client {
    talentomobile::Client::builder()
        .api_key(DEMO_TALENTOMOBILE_API_KEY)
        .base_url(base)
        .options(options)
        .build()
        .expect("client")
}

/// A Verifik client for `base`.
pub fn verifik(base: &str, options: HttpOptions) -> verifik::Client {
    verifik::Client::builder()
        .token(DEMO_VERIFIK_TOKEN)
        .base_url(base)
        .options(options)
        .build()
        .expect("client")
}

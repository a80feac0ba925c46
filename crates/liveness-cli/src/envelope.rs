//! The one JSON shape every command prints with `--output json`, and its schema
//! (`liveness schema`).
//!
//! ```json
//! {"command": "tencent result", "vendor": "tencent", "kind": "verdict", "result": {...}, "raw": ...}
//! ```
//!
//! `kind` says what `result` holds: `verdict` (the result commands), `token` (`tencent token`),
//! `license` (`trustdecision license`) or `list` (`verifik list`: the paging and a verdict per
//! record). `raw` is the vendor's response as received, once: verdicts inside `result` leave it
//! out.

use std::borrow::Cow;

use liveness::Vendor;
use liveness::verdict::Verdict;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Serialize, Serializer};
use serde_json::Value;

/// What every command prints with `--output json`.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(
    title = "liveness output",
    description = "What every `liveness` command prints with `--output json`. `kind` says what `result` holds."
)]
pub struct Envelope {
    /// The command that printed it.
    pub command: CommandName,
    /// The vendor called.
    pub vendor: Vendor,
    /// `kind` and `result`.
    #[serde(flatten)]
    pub body: Body,
    /// The vendor's response as received (JSON; a non-JSON body is kept as a string).
    pub raw: Value,
}

/// The commands that print an [`Envelope`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub enum CommandName {
    /// `liveness tencent token`.
    #[serde(rename = "tencent token")]
    TencentToken,
    /// `liveness tencent result`.
    #[serde(rename = "tencent result")]
    TencentResult,
    /// `liveness trustdecision license`.
    #[serde(rename = "trustdecision license")]
    TrustDecisionLicense,
    /// `liveness trustdecision result`.
    #[serde(rename = "trustdecision result")]
    TrustDecisionResult,
    /// `liveness talentomobile result`.
    #[serde(rename = "talentomobile result")]
    TalentomobileResult,
    /// `liveness verifik result`.
    #[serde(rename = "verifik result")]
    VerifikResult,
    /// `liveness verifik list`.
    #[serde(rename = "verifik list")]
    VerifikList,
    /// `liveness verifik create`.
    #[serde(rename = "verifik create")]
    VerifikCreate,
}

impl CommandName {
    /// Every command, in `--help` order.
    pub const ALL: [CommandName; 8] = [
        CommandName::TencentToken,
        CommandName::TencentResult,
        CommandName::TrustDecisionLicense,
        CommandName::TrustDecisionResult,
        CommandName::TalentomobileResult,
        CommandName::VerifikResult,
        CommandName::VerifikList,
        CommandName::VerifikCreate,
    ];

    /// The `kind` of what it prints.
    pub fn kind(self) -> &'static str {
        match self {
            CommandName::TencentToken => "token",
            CommandName::TrustDecisionLicense => "license",
            CommandName::VerifikList => "list",
            _ => "verdict",
        }
    }

    /// As typed on the command line, e.g. `tencent result`.
    pub fn as_str(self) -> &'static str {
        match self {
            CommandName::TencentToken => "tencent token",
            CommandName::TencentResult => "tencent result",
            CommandName::TrustDecisionLicense => "trustdecision license",
            CommandName::TrustDecisionResult => "trustdecision result",
            CommandName::TalentomobileResult => "talentomobile result",
            CommandName::VerifikResult => "verifik result",
            CommandName::VerifikList => "verifik list",
            CommandName::VerifikCreate => "verifik create",
        }
    }
}

/// What `result` holds, named by `kind`.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(tag = "kind", content = "result", rename_all = "snake_case")]
pub enum Body {
    /// A verdict: `tencent result`, `trustdecision result`, `talentomobile result`,
    /// `verifik result`, `verifik create`.
    Verdict(VerdictView),
    /// An SdkToken for the mobile SDK: `tencent token`.
    Token(Token),
    /// A license for the mobile SDK: `trustdecision license`.
    License(License),
    /// One page of records with a verdict each: `verifik list`.
    List(ListPage),
}

/// A verdict without its `raw` (the envelope carries the vendor's response once).
#[derive(Debug)]
pub struct VerdictView(pub Verdict);

impl Serialize for VerdictView {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut value = serde_json::to_value(&self.0).map_err(serde::ser::Error::custom)?;
        if let Some(object) = value.as_object_mut() {
            object.remove("raw");
        }
        value.serialize(serializer)
    }
}

impl JsonSchema for VerdictView {
    fn schema_name() -> Cow<'static, str> {
        "Verdict".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        // The facade's schema, less `raw`: one definition of the verdict, so the two cannot drift.
        let mut schema = Verdict::json_schema(generator);
        if let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) {
            properties.remove("raw");
        }
        if let Some(required) = schema.get_mut("required").and_then(Value::as_array_mut) {
            required.retain(|name| name != "raw");
        }
        schema.insert(
            "description".into(),
            "A vendor's result, normalized; the vendor's response is the envelope's `raw`.".into(),
        );
        schema
    }
}

/// `tencent token`'s result.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Token {
    /// The SdkToken to give the app.
    pub sdk_token: String,
    /// Tencent's RequestId.
    pub request_id: Option<String>,
}

/// `trustdecision license`'s result.
#[derive(Debug, Serialize, JsonSchema)]
pub struct License {
    /// The license to give the app.
    pub license: String,
    /// When it expires, in Unix seconds.
    pub expiry_timestamp: Option<i64>,
    /// TrustDecision's sequence id.
    pub sequence_id: Option<String>,
}

/// `verifik list`'s result.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ListPage {
    /// This page's number.
    pub page: Option<i64>,
    /// Pages in all.
    pub pages: Option<i64>,
    /// Records in all.
    pub total: Option<i64>,
    /// A verdict per record of the page, in order.
    pub verdicts: Vec<VerdictView>,
}

/// The JSON Schema of [`Envelope`] (draft 2020-12). Each `kind` names the commands that print
/// it, and properties other than the documented ones are refused (`unevaluatedProperties`,
/// which sees through the `oneOf` of `kind`).
pub fn schema() -> Value {
    let mut schema = schemars::schema_for!(Envelope).to_value();
    if let Some(variants) = schema.get_mut("oneOf").and_then(Value::as_array_mut) {
        for variant in variants {
            let kind = variant["properties"]["kind"]["const"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let commands: Vec<&str> = CommandName::ALL
                .iter()
                .filter(|c| c.kind() == kind)
                .map(|c| c.as_str())
                .collect();
            if let Some(properties) = variant["properties"].as_object_mut() {
                properties.insert("command".into(), serde_json::json!({ "enum": commands }));
            }
        }
    }
    if let Some(object) = schema.as_object_mut() {
        object.insert("unevaluatedProperties".into(), false.into());
    }
    schema
}

//! Validation against the OCDS 1.1.5 schemas vendored in `schema/ocds/` (see its
//! `SOURCE.md`): the core release schema with the bids and lots extensions merged
//! in (RFC 7386 JSON Merge Patch, in that order), and the release and record
//! package schemas, whose references to the release schema's URL resolve to the
//! merged schema. Nothing is fetched from the network.

use serde_json::Value;

const CORE_RELEASE: &str = include_str!("../schema/ocds/core-1.1.5/release-schema.json");
const RELEASE_PACKAGE: &str = include_str!("../schema/ocds/core-1.1.5/release-package-schema.json");
const RECORD_PACKAGE: &str = include_str!("../schema/ocds/core-1.1.5/record-package-schema.json");
const BID_PATCH: &str = include_str!("../schema/ocds/bid-extension-1.1.5/release-schema.json");
const LOTS_PATCH: &str = include_str!("../schema/ocds/lots-extension-1.1.5/release-schema.json");

/// The URL by which the package schemas refer to the release schema.
pub const RELEASE_SCHEMA_URL: &str = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json";
/// The record package's reference for versioned releases, which Tenderbox never
/// publishes (records embed plain releases): it resolves to a schema no value
/// passes, so a versioned release slipping in would fail.
pub const VERSIONED_RELEASE_URL: &str = "https://standard.open-contracting.org/schema/1__1__5/versioned-release-validation-schema.json";

/// RFC 7386: `patch` merged into `target` (null removes a member).
pub fn merge_patch(target: &mut Value, patch: &Value) {
    match patch {
        Value::Object(p) => {
            if !target.is_object() {
                *target = Value::Object(Default::default());
            }
            let t = target.as_object_mut().expect("made an object");
            for (k, v) in p {
                if v.is_null() {
                    t.remove(k);
                } else {
                    merge_patch(t.entry(k.clone()).or_insert(Value::Null), v);
                }
            }
        }
        other => *target = other.clone(),
    }
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).expect("a vendored schema is JSON")
}

/// The release schema a Tenderbox release must pass.
pub fn release_schema() -> Value {
    let mut s = parse(CORE_RELEASE);
    merge_patch(&mut s, &parse(BID_PATCH));
    merge_patch(&mut s, &parse(LOTS_PATCH));
    s
}

/// The three compiled validators.
pub struct Validators {
    release: jsonschema::Validator,
    release_package: jsonschema::Validator,
    record_package: jsonschema::Validator,
}

impl std::fmt::Debug for Validators {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Validators(OCDS 1.1.5 + bids + lots)")
    }
}

fn errors(v: &jsonschema::Validator, instance: &Value) -> Result<(), Vec<String>> {
    let e: Vec<String> = v.iter_errors(instance).map(|e| format!("{}: {}", e.instance_path(), e)).collect();
    if e.is_empty() { Ok(()) } else { Err(e) }
}

/// Resolves the two schema URLs the packages refer to; anything else is refused
/// (nothing is fetched).
struct Local {
    release: Value,
}

impl jsonschema::Retrieve for Local {
    fn retrieve(&self, uri: &jsonschema::Uri<String>) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        match uri.as_str() {
            RELEASE_SCHEMA_URL => Ok(self.release.clone()),
            VERSIONED_RELEASE_URL => Ok(serde_json::json!({ "not": {} })),
            other => Err(format!("{other} is not vendored; nothing is fetched").into()),
        }
    }
}

impl Validators {
    pub fn new() -> Self {
        let release = release_schema();
        let build = |schema: &Value| {
            jsonschema::options()
                .with_draft(jsonschema::Draft::Draft4)
                .should_validate_formats(true)
                .with_retriever(Local { release: release.clone() })
                .build(schema)
                .expect("the vendored OCDS schemas compile")
        };
        Validators {
            release: build(&release),
            release_package: build(&parse(RELEASE_PACKAGE)),
            record_package: build(&parse(RECORD_PACKAGE)),
        }
    }

    /// Every way `release` breaks the release schema (path: message).
    pub fn release(&self, release: &Value) -> Result<(), Vec<String>> {
        errors(&self.release, release)
    }

    pub fn release_package(&self, package: &Value) -> Result<(), Vec<String>> {
        errors(&self.release_package, package)
    }

    pub fn record_package(&self, package: &Value) -> Result<(), Vec<String>> {
        errors(&self.record_package, package)
    }
}

impl Default for Validators {
    fn default() -> Self {
        Self::new()
    }
}

//! How values that travel as text are described in the API document (OpenAPI 3.1, JSON Schema
//! 2020-12). The document is derived from the Rust types (`schemars`); these are the pieces a
//! derive cannot know: a code list with its Chinese labels, and the text forms of dates and
//! instants. Fields name them with `#[schemars(with = "…")]`.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

time::serde::format_description!(pub date_text, Date, "[year]-[month]-[day]");

/// A closed list of codes; the description pairs each code with the label users see.
pub fn codes(values: &[(&str, &str)]) -> Schema {
    let list: Vec<&str> = values.iter().map(|(code, _)| *code).collect();
    let described: Vec<String> = values.iter().map(|(code, label)| format!("{code}({label})")).collect();
    json_schema!({ "type": "string", "enum": list, "description": described.join("、") })
}

/// A calendar day as text, "2023-09-30".
pub struct DateText;

impl JsonSchema for DateText {
    fn schema_name() -> Cow<'static, str> {
        "DateText".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "date", "examples": ["2023-09-30"] })
    }
}

/// An instant as RFC 3339 text in UTC, "2023-11-10T06:32:00Z" (14:32 in China).
pub struct InstantText;

impl JsonSchema for InstantText {
    fn schema_name() -> Cow<'static, str> {
        "InstantText".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "date-time", "examples": ["2023-11-10T06:32:00Z"] })
    }
}

#[cfg(test)]
mod tests {
    use crate::measure::MeasureStatus;

    #[test]
    fn a_coded_enum_lists_every_code_with_its_label() {
        let v = schemars::schema_for!(MeasureStatus).to_value();
        let listed: Vec<&str> = v["enum"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
        let codes: Vec<&str> = MeasureStatus::ALL.iter().map(|s| s.code()).collect();
        assert_eq!(listed, codes);
        let description = v["description"].as_str().unwrap();
        for s in MeasureStatus::ALL {
            assert!(description.contains(&format!("{}({})", s.code(), s.label())), "{description}");
        }
    }
}

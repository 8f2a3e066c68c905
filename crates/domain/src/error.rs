//! Rule violations, each carrying a stable code and a Chinese message naming the field.

use serde::Serialize;

/// One problem with one input field. `field` is the API field name (English), `message` is
/// what the user reads (Chinese) and names the field in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

/// Why a domain rule refused an operation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    /// Input is malformed or incomplete; every offending field is listed.
    #[error("输入有误")]
    Invalid(Vec<FieldError>),
    /// The record is not in a state that allows the operation.
    #[error("{0}")]
    State(String),
    /// The actor may not do this (callers turn reads into "not found").
    #[error("无权执行此操作")]
    Forbidden,
}

impl RuleError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        RuleError::Invalid(vec![FieldError::new(field, message)])
    }
    /// Every message in one line, for places that show no fields (an import row, a log).
    pub fn message(&self) -> String {
        match self {
            RuleError::Invalid(list) => list.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join(";"),
            other => other.to_string(),
        }
    }

    /// The fields named, in order (none for a refusal of state).
    pub fn fields(&self) -> Vec<&str> {
        match self {
            RuleError::Invalid(list) => list.iter().map(|f| f.field.as_str()).collect(),
            _ => Vec::new(),
        }
    }

    pub fn state(message: impl Into<String>) -> Self {
        RuleError::State(message.into())
    }
}

/// Characters no text in xuncha may hold: control characters other than tab and line breaks,
/// the noncharacters U+FFFE/U+FFFF, and the bidirectional overrides and isolates (U+202A–202E,
/// U+2066–2069), which make a name or a comment read in another order than it was written. A
/// NUL stored in a measure once made every official document of its plan unreadable.
pub fn forbidden_char(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(c, '\u{7F}'..='\u{9F}' | '\u{FFFE}' | '\u{FFFF}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Collects field errors and turns them into one `RuleError::Invalid` if any were found.
#[derive(Debug, Default)]
pub struct Validator(Vec<FieldError>);

impl Validator {
    pub fn new() -> Self {
        Self::default()
    }
    /// Requires a non-blank text; `label` is the Chinese field name.
    pub fn required(&mut self, field: &str, label: &str, value: &str) -> &mut Self {
        if value.trim().is_empty() {
            self.0.push(FieldError::new(field, format!("{label}不能为空")));
        }
        self
    }
    /// Limits a text to `max` characters (not bytes: Chinese text is three bytes a character).
    pub fn max_chars(&mut self, field: &str, label: &str, value: &str, max: usize) -> &mut Self {
        if value.chars().count() > max {
            self.0.push(FieldError::new(field, format!("{label}不能超过{max}个字")));
        }
        self
    }
    /// Refuses a text holding a [`forbidden_char`] (inputs that do not pass the web's door: the
    /// command line, imported files).
    pub fn plain(&mut self, field: &str, label: &str, value: &str) -> &mut Self {
        if value.chars().any(forbidden_char) {
            self.0.push(FieldError::new(field, format!("{label}含有不可见的控制字符,请删除后重新提交")));
        }
        self
    }
    pub fn check(&mut self, ok: bool, field: &str, message: impl Into<String>) -> &mut Self {
        if !ok {
            self.0.push(FieldError::new(field, message));
        }
        self
    }
    pub fn finish(&mut self) -> Result<(), RuleError> {
        if self.0.is_empty() { Ok(()) } else { Err(RuleError::Invalid(std::mem::take(&mut self.0))) }
    }
}

/// A closed list of codes (see [`coded_enum!`]), for code that parses any of them.
pub trait Coded: Sized + Copy {
    /// The value of `code`, or an error naming `field` with the codes allowed.
    fn parse_field(field: &str, code: &str) -> Result<Self, RuleError>;
}

/// Declares a string-backed enum with a stable code (stored and sent over the API) and a Chinese
/// label (shown to users). Parsing an unknown code is an error naming the field.
#[macro_export]
macro_rules! coded_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $code:literal / $label:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
        pub enum $name { $($(#[$vm])* #[serde(rename = $code)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The stable code stored in the database and used in the API.
            pub fn code(self) -> &'static str { match self { $($name::$variant => $code),+ } }
            /// The Chinese label shown to users.
            pub fn label(self) -> &'static str { match self { $($name::$variant => $label),+ } }
            pub fn parse(field: &str, code: &str) -> Result<Self, $crate::RuleError> {
                Self::of_code(code).ok_or_else(|| $crate::RuleError::invalid(field, Self::refusal(code)))
            }
            fn of_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
            /// Why a code was refused, with the codes allowed. The refused value is not
            /// repeated: it may be anything a client sent.
            fn refusal(code: &str) -> String {
                let allowed = [$(concat!($code, "(", $label, ")")),+].join("、");
                if code.trim().is_empty() {
                    format!("未选择,应为以下之一:{allowed}")
                } else {
                    format!("取值无效,应为以下之一:{allowed}")
                }
            }
        }
        impl $crate::error::Coded for $name {
            fn parse_field(field: &str, code: &str) -> Result<Self, $crate::RuleError> {
                Self::parse(field, code.trim())
            }
        }
        /// Decoded from its code (surrounding blanks ignored), so that an input holds the enum
        /// from the request on; an unknown code is refused with the list of allowed ones.
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let code = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                Self::of_code(code.trim()).ok_or_else(|| serde::de::Error::custom(Self::refusal(&code)))
            }
        }
        impl TryFrom<String> for $name {
            type Error = $crate::RuleError;
            fn try_from(code: String) -> Result<Self, Self::Error> { Self::parse(stringify!($name), &code) }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.label()) }
        }
        /// The API document describes the codes, each with its label, from this one list.
        impl $crate::schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> { stringify!($name).into() }
            fn json_schema(_: &mut $crate::schemars::SchemaGenerator) -> $crate::schemars::Schema {
                $crate::schema::codes(&[$(($code, $label)),+])
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[allow(dead_code)]
    mod colour {
        crate::coded_enum!(Colour { Red = "red" / "红", Green = "green" / "绿" });
    }
    use colour::Colour;

    #[test]
    fn an_unknown_code_is_refused_by_field_without_repeating_it() {
        let RuleError::Invalid(list) = Colour::parse("colour", "secret-tip-text").unwrap_err() else { panic!() };
        assert_eq!(list[0].field, "colour");
        assert_eq!(list[0].message, "取值无效,应为以下之一:red(红)、green(绿)");
    }

    #[test]
    fn a_decoded_code_is_the_enum_and_an_unknown_one_is_refused_with_the_choices() {
        assert_eq!(serde_json::from_str::<Colour>("\" red \"").unwrap(), Colour::Red);
        let refused = serde_json::from_value::<Colour>(serde_json::json!("secret-tip-text")).unwrap_err().to_string();
        assert_eq!(refused, "取值无效,应为以下之一:red(红)、green(绿)");
        let blank = serde_json::from_value::<Colour>(serde_json::json!("")).unwrap_err().to_string();
        assert_eq!(blank, "未选择,应为以下之一:red(红)、green(绿)");
        assert!(serde_json::from_value::<Colour>(serde_json::json!(3)).is_err());
    }

    #[test]
    fn validator_names_every_blank_field() {
        let err = Validator::new()
            .required("name", "名称", " ")
            .required("summary", "问题摘要", "")
            .required("ok", "正常", "有内容")
            .finish()
            .unwrap_err();
        let RuleError::Invalid(list) = err else { panic!("expected Invalid") };
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].message, "名称不能为空");
        assert_eq!(list[1].field, "summary");
    }

    #[test]
    fn max_chars_counts_characters_not_bytes() {
        assert!(Validator::new().max_chars("n", "名称", "巡察组", 3).finish().is_ok());
        assert!(Validator::new().max_chars("n", "名称", "巡察组长", 3).finish().is_err());
    }
}

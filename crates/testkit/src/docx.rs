//! Reading a generated .docx back the way a person's word processor would: docx-rs's reader
//! gives the document as JSON; these pick out its text.

use serde_json::Value;

/// The document re-opened, as docx-rs's JSON.
pub fn reopen(bytes: &[u8]) -> Value {
    serde_json::from_str(&docx_rs::read_docx(bytes).expect("a readable .docx").json()).expect("docx-rs JSON")
}

/// Every text node of the body, tables included, one per line.
pub fn all_text(doc: &Value) -> String {
    fn walk(v: &Value, out: &mut String) {
        match v {
            Value::Object(m) => {
                if m.get("type").and_then(Value::as_str) == Some("text")
                    && let Some(t) = m.get("data").and_then(|d| d["text"].as_str())
                {
                    out.push_str(t);
                    out.push('\n');
                }
                m.values().for_each(|x| walk(x, out));
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut s = String::new();
    walk(&doc["document"], &mut s);
    s
}

//! The OpenAPI 3.1 document served at `/api/openapi.json`, derived from the types.
//!
//! Each operation is one [`Op`] in [`crate::api::operations`]: the route is built from the same
//! entry that documents it, so a route cannot exist undocumented, and request bodies, query
//! parameters and answers are described by the Rust types the handlers use (`schemars`
//! derives). CI drives the API from this document (Schemathesis) and checks every answer
//! against the schema given here.

use axum::handler::Handler;
use axum::routing::{MethodFilter, MethodRouter, on};
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::{Map, Value, json};

use crate::AppState;

/// Describes one type into a generator (returning a `$ref` for named types).
type Describe = fn(&mut SchemaGenerator) -> Schema;

fn describe<T: JsonSchema>(g: &mut SchemaGenerator) -> Schema {
    g.subschema_for::<T>()
}

/// What a request carries.
#[derive(Clone, Copy)]
pub enum Body {
    Json(Describe),
    /// `multipart/form-data`, under a schema of this name.
    Upload(&'static str, Describe),
}

/// What a success answers.
#[derive(Clone, Copy)]
pub enum Answer {
    /// No body described (no content, or the document itself).
    Nothing,
    Json(Describe),
    /// A download of this media type.
    File(&'static str),
}

pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// One operation: its route and its documentation, from one entry.
pub struct Op {
    /// Lower case, as in the document: `get`, `post`, `put`, `delete`.
    pub method: &'static str,
    pub path: &'static str,
    pub tag: &'static str,
    /// Chinese, for the people who read the document.
    pub summary: &'static str,
    pub body: Option<Body>,
    pub query: Option<Describe>,
    /// The success status.
    pub status: u16,
    pub answer: Answer,
    /// Other answers the operation gives by design, with the success's body: (status, meaning).
    pub also: Vec<(u16, &'static str)>,
    route: Option<MethodRouter<AppState>>,
}

impl Op {
    fn new(method: &'static str, path: &'static str, tag: &'static str, summary: &'static str) -> Self {
        Op {
            method,
            path,
            tag,
            summary,
            body: None,
            query: None,
            status: 200,
            answer: Answer::Nothing,
            also: Vec::new(),
            route: None,
        }
    }
    pub fn get(path: &'static str, tag: &'static str, summary: &'static str) -> Self {
        Op::new("get", path, tag, summary)
    }
    pub fn post(path: &'static str, tag: &'static str, summary: &'static str) -> Self {
        Op::new("post", path, tag, summary)
    }
    pub fn put(path: &'static str, tag: &'static str, summary: &'static str) -> Self {
        Op::new("put", path, tag, summary)
    }
    pub fn delete(path: &'static str, tag: &'static str, summary: &'static str) -> Self {
        Op::new("delete", path, tag, summary)
    }
    /// A JSON request body of type `T`.
    pub fn body<T: JsonSchema>(mut self) -> Self {
        self.body = Some(Body::Json(describe::<T>));
        self
    }
    /// A multipart upload, described by `form`.
    pub fn upload(mut self, name: &'static str, form: Describe) -> Self {
        self.body = Some(Body::Upload(name, form));
        self
    }
    /// Query parameters: the properties of `T`.
    pub fn query<T: JsonSchema>(mut self) -> Self {
        self.query = Some(|g| g.root_schema_for::<T>());
        self
    }
    /// A JSON answer of type `T`.
    pub fn answer<T: JsonSchema>(mut self) -> Self {
        self.answer = Answer::Json(describe::<T>);
        self
    }
    /// A file download of this media type.
    pub fn file(mut self, media: &'static str) -> Self {
        self.answer = Answer::File(media);
        self
    }
    pub fn status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }
    /// Another answer by design (e.g. 503 from the health check), shaped like the success.
    pub fn also(mut self, status: u16, meaning: &'static str) -> Self {
        self.also.push((status, meaning));
        self
    }
    /// The handler that answers the operation.
    pub fn to<H, T>(mut self, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let filter = match self.method {
            "get" => MethodFilter::GET,
            "post" => MethodFilter::POST,
            "put" => MethodFilter::PUT,
            "delete" => MethodFilter::DELETE,
            other => unreachable!("no such method in the operation table: {other}"),
        };
        self.route = Some(on(filter, handler));
        self
    }
    /// The route, for the router (each operation has one: [`crate::api::routes`] checks).
    pub(crate) fn take_route(&mut self) -> Option<MethodRouter<AppState>> {
        self.route.take()
    }
}

/// The operations, documented and routed (the table is in [`crate::api`]).
pub fn operations() -> Vec<Op> {
    crate::api::operations()
}

/// An uploaded spreadsheet (`.xlsx`, `.xls`).
pub(crate) fn spreadsheet_form(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "object", "required": ["file"], "properties": { "file": { "type": "string", "format": "binary" } } })
}

/// An evidence file with what it shows and the date on the document.
pub(crate) fn evidence_form(g: &mut SchemaGenerator) -> Schema {
    let date = g.subschema_for::<xuncha_domain::schema::DateText>();
    json_schema!({ "type": "object", "required": ["file"], "properties": {
        "file": { "type": "string", "format": "binary" },
        "description": { "type": "string" },
        "document_date": date,
    } })
}

/// Every answer an operation may give: its success, and each refusal in the one error format.
fn responses(status: u16, success: Value) -> Value {
    let error = |description: &str| json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } });
    json!({
        status.to_string(): success,
        "401": error("未登录"),
        "403": error("可以查看但无权执行此操作,或跨站请求"),
        "404": error("记录不存在或无权查看"),
        "405": error("该地址不支持这种请求方式"),
        "409": error("状态不允许或版本冲突"),
        "413": error("提交的内容超过大小限制"),
        "415": error("请求数据的类型不对(应为JSON、表单或文件上传)"),
        "422": error("输入有误,fields 指出字段"),
        "429": error("尝试次数过多,请稍后再试"),
        "500": error("服务器内部错误(不应出现;原因只记入日志)")
    })
}

/// The one error format, in both directions' words.
fn error_schema() -> Value {
    let codes = [
        "not_found",
        "unauthenticated",
        "forbidden",
        "invalid",
        "invalid_state",
        "conflict",
        "too_many_attempts",
        "internal",
    ];
    json!({ "type": "object", "required": ["error"], "properties": { "error": {
        "type": "object", "required": ["code", "message", "fields"], "properties": {
            "code": { "type": "string", "enum": codes },
            "message": { "type": "string", "description": "给用户看的中文说明" },
            "fields": { "type": "array", "items": { "type": "object", "required": ["field", "message"], "properties": {
                "field": { "type": "string" }, "message": { "type": "string" } } } }
        } } } })
}

/// Path parameters: ids are positive integers; a document kind is one of its codes.
fn path_parameters(g: &mut SchemaGenerator, path: &str) -> Vec<Value> {
    path.split('/')
        .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(|name| {
            let schema = match name {
                "id" | "problem_id" => json!({ "type": "integer", "format": "int64" }),
                "kind" => g.subschema_for::<xuncha_app::official::DocumentKind>().to_value(),
                _ => json!({ "type": "string" }),
            };
            json!({ "name": name, "in": "path", "required": true, "schema": schema })
        })
        .collect()
}

/// Query parameters from a struct's schema: one parameter per property.
fn query_parameters(g: &mut SchemaGenerator, describe: Describe) -> Vec<Value> {
    let schema = describe(g).to_value();
    let required: Vec<&str> =
        schema["required"].as_array().map(|r| r.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    let Some(props) = schema["properties"].as_object() else { return Vec::new() };
    props
        .iter()
        .map(|(name, s)| {
            let description = s.get("description").cloned();
            let mut s = without_null(s.clone());
            if let Some(o) = s.as_object_mut() {
                o.remove("description");
            }
            let mut p =
                json!({ "name": name, "in": "query", "required": required.contains(&name.as_str()), "schema": s });
            if let Some(d) = description {
                p["description"] = d;
            }
            p
        })
        .collect()
}

/// An optional parameter is left out, never sent as `null`: the null alternative goes.
fn without_null(mut s: Value) -> Value {
    if let Some(types) = s.get_mut("type").and_then(Value::as_array_mut) {
        types.retain(|t| t != "null");
        if types.len() == 1 {
            s["type"] = types[0].clone();
        }
    }
    if let Some(any) = s.get("anyOf").and_then(Value::as_array) {
        let kept: Vec<Value> = any.iter().filter(|a| a.get("type") != Some(&json!("null"))).cloned().collect();
        if let [only] = kept.as_slice() {
            return only.clone();
        }
    }
    s
}

fn generator(serialize: bool) -> SchemaGenerator {
    let settings = SchemaSettings::draft2020_12().with(|s| {
        s.definitions_path = "/components/schemas".into();
        s.meta_schema = None;
    });
    if serialize { settings.for_serialize() } else { settings.for_deserialize() }.into_generator()
}

/// Builds the document.
pub fn document() -> Value {
    // Requests are read (a default makes a field optional); answers are written (every field
    // is present): two generators, one per direction, merged below.
    let mut read = generator(false);
    let mut write = generator(true);
    let mut uploads = Map::new();
    let mut paths = Map::new();
    for o in operations() {
        let item = paths.entry(o.path).or_insert_with(|| json!({})).as_object_mut().expect("object");
        let success = match o.answer {
            Answer::Nothing => json!({ "description": "成功" }),
            Answer::Json(d) => {
                json!({ "description": "成功", "content": { "application/json": { "schema": d(&mut write).to_value() } } })
            }
            Answer::File(media) => {
                json!({ "description": "文件", "content": { media: { "schema": { "type": "string", "format": "binary" } } } })
            }
        };
        let mut answers = responses(o.status, success.clone());
        for (status, meaning) in &o.also {
            let mut other = success.clone();
            other["description"] = json!(meaning);
            answers[status.to_string()] = other;
        }
        let mut operation = json!({
            "tags": [o.tag],
            "summary": o.summary,
            "operationId": format!("{}_{}", o.method, o.path.trim_start_matches('/').replace(['/', '{', '}', '.', '-'], "_")),
            "responses": answers,
        });
        let mut params = path_parameters(&mut read, o.path);
        if let Some(q) = o.query {
            params.extend(query_parameters(&mut read, q));
        }
        if !params.is_empty() {
            operation["parameters"] = Value::Array(params);
        }
        match o.body {
            Some(Body::Json(d)) => {
                operation["requestBody"] = json!({ "required": true, "content": { "application/json": { "schema": d(&mut read).to_value() } } });
            }
            Some(Body::Upload(name, form)) => {
                uploads.insert(name.to_string(), form(&mut read).to_value());
                let schema = json!({ "$ref": format!("#/components/schemas/{name}") });
                operation["requestBody"] =
                    json!({ "required": true, "content": { "multipart/form-data": { "schema": schema } } });
            }
            None => {}
        }
        item.insert(o.method.to_string(), operation);
    }
    let mut schemas = merge(read.take_definitions(true), write.take_definitions(true));
    schemas.extend(uploads);
    schemas.insert("Error".into(), error_schema());
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "xuncha 巡察整改闭环管理系统 API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "登录后以会话 Cookie(或 Authorization: Bearer <token>)调用。错误统一为 JSON:code 为稳定代码,message 为中文说明,fields 指出有误的字段。写操作携带 version,版本不符返回 409。无权查看的记录与不存在的记录一样返回 404。日期为“2023-09-30”格式的文本;时刻为UTC的RFC 3339文本(如2023-11-10T06:32:00Z,即北京时间14:32),审计历史另给北京时间的可读文本。"
        },
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "session": { "type": "apiKey", "in": "cookie", "name": "xuncha_session" },
                "bearer": { "type": "http", "scheme": "bearer" }
            }
        },
        "security": [{ "session": [] }, { "bearer": [] }],
        "paths": paths
    })
}

/// The two directions' definitions in one map. A type described both ways must come out the
/// same (the coded enums do); a difference is a programming error the tests catch.
fn merge(read: Map<String, Value>, write: Map<String, Value>) -> Map<String, Value> {
    let mut all = read;
    for (name, schema) in write {
        if let Some(existing) = all.get(&name) {
            assert_eq!(existing, &schema, "schema {name} differs between requests and answers");
        } else {
            all.insert(name, schema);
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_are_unique_and_each_has_a_route() {
        let mut seen = std::collections::HashSet::new();
        for mut o in operations() {
            assert!(seen.insert((o.method, o.path)), "duplicate {} {}", o.method, o.path);
            assert!(o.take_route().is_some(), "{} {} has no handler", o.method, o.path);
        }
    }

    #[test]
    fn every_reference_names_a_defined_schema() {
        let doc = document();
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        let text = doc.to_string();
        for part in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
            let name = part.split('"').next().unwrap();
            assert!(schemas.contains_key(name), "undefined schema {name}");
        }
        assert!(!text.contains("#/$defs"), "a reference outside components");
    }

    #[test]
    fn request_bodies_list_every_field_the_server_reads() {
        // The account form gained 职务 after the hand-written schemas: derived, it cannot lag.
        let doc = document();
        let user = &doc["components"]["schemas"]["NewUserInput"];
        assert!(user["properties"]["post"].is_object(), "{user}");
        assert_eq!(user["properties"]["role"]["$ref"], "#/components/schemas/Role");
        let roles = &doc["components"]["schemas"]["Role"]["enum"];
        assert_eq!(roles.as_array().unwrap().len(), xuncha_domain::role::Role::ALL.len());
        let measure = &doc["components"]["schemas"]["MeasureInput"];
        assert!(measure.get("required").is_none_or(|r| r.as_array().unwrap().is_empty()), "{measure}");
    }

    #[test]
    fn no_schema_lists_a_field_twice() {
        // A flattened view that repeats a field of what it flattens writes the key twice in
        // JSON; the derived schema then lists it twice among the required.
        fn walk(v: &Value, path: &str) {
            match v {
                Value::Object(m) => {
                    if let Some(Value::Array(req)) = m.get("required") {
                        let mut seen = std::collections::HashSet::new();
                        for r in req {
                            assert!(seen.insert(r), "{path}: {r} is required twice");
                        }
                    }
                    m.iter().for_each(|(k, x)| walk(x, &format!("{path}/{k}")));
                }
                Value::Array(a) => a.iter().for_each(|x| walk(x, path)),
                _ => {}
            }
        }
        walk(&document(), "");
    }

    #[test]
    fn answers_are_views_never_rows() {
        let doc = document();
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        let text = doc.to_string();
        assert!(!text.contains("password_hash"));
        assert!(schemas.contains_key("MeasureRecord") && schemas.contains_key("UserRecord"));
        let answer = &doc["paths"]["/api/measures/{id}"]["get"]["responses"]["200"]["content"]["application/json"];
        assert_eq!(answer["schema"]["$ref"], "#/components/schemas/MeasureView");
    }

    #[test]
    fn the_health_check_documents_its_unavailable_answer() {
        let doc = document();
        let answers = &doc["paths"]["/healthz"]["get"]["responses"];
        assert_eq!(answers["503"]["content"], answers["200"]["content"]);
        assert_eq!(answers["503"]["description"], "数据库不可用");
    }

    #[test]
    fn query_parameters_are_documented_from_their_struct() {
        let doc = document();
        let params = doc["paths"]["/api/ledger"]["get"]["parameters"].as_array().unwrap();
        let names: Vec<&str> = params.iter().map(|p| p["name"].as_str().unwrap()).collect();
        for want in ["round", "org", "aspect", "status", "light", "after"] {
            assert!(names.contains(&want), "{names:?}");
        }
    }
}

//! The OpenAPI 3.1 document served at `/api/openapi.json`. The operation table below is the list
//! of routes; an integration test calls every operation in it and fails if one does not answer.

use serde_json::{Map, Value, json};

/// One documented operation: method, path, tag, summary (Chinese), request schema, success status.
pub struct Op {
    pub method: &'static str,
    pub path: &'static str,
    pub tag: &'static str,
    pub summary: &'static str,
    pub body: Option<&'static str>,
    pub status: u16,
}

const fn op(
    method: &'static str,
    path: &'static str,
    tag: &'static str,
    summary: &'static str,
    body: Option<&'static str>,
    status: u16,
) -> Op {
    Op { method, path, tag, summary, body, status }
}

pub const OPERATIONS: &[Op] = &[
    op("get", "/healthz", "system", "健康检查", None, 200),
    op("get", "/api/openapi.json", "system", "本接口文档", None, 200),
    op("post", "/api/session", "system", "登录,设置会话Cookie", Some("LoginInput"), 200),
    op("delete", "/api/session", "system", "退出登录", None, 204),
    op("get", "/api/me", "system", "当前用户", None, 200),
    op("post", "/api/me/password", "system", "修改本人密码", Some("PasswordInput"), 204),
    op("get", "/api/users", "admin", "账号列表(系统管理员)", None, 200),
    op("post", "/api/users", "admin", "新建账号(系统管理员)", Some("NewUserInput"), 201),
    op("get", "/api/organisations", "admin", "组织列表", None, 200),
    op("post", "/api/organisations", "admin", "新增组织(系统管理员)", Some("NewOrgInput"), 201),
    op(
        "post",
        "/api/roster-import",
        "admin",
        "导入组织和人员名册(multipart: file;查询参数 apply=true 才写入,accept_valid=true 只导入没有问题的行;系统管理员)",
        Some("RosterUpload"),
        200,
    ),
    op(
        "get",
        "/api/people",
        "admin",
        "人员名册(查询参数 org;巡察办、系统管理员看全部,被巡察党组织看本单位)",
        None,
        200,
    ),
    op("post", "/api/conflicts", "rounds", "申报回避关系", Some("ConflictInput"), 201),
    op("get", "/api/aspects", "admin", "问题类别与方面", None, 200),
    op("post", "/api/aspects", "admin", "新增问题方面(系统管理员)", Some("AspectInput"), 201),
    op("get", "/api/settings/deadlines", "admin", "整改时限配置", None, 200),
    op("get", "/api/audit/verify", "audit", "校验审计链(巡察办)", None, 200),
    op("get", "/api/audit/{entity}/{id}", "audit", "某条记录的变更历史(巡察办)", None, 200),
    op(
        "get",
        "/api/search",
        "system",
        "全文检索(查询参数 q;只返回本人有权查看的问题、措施、进展,巡察办和巡察组含信访举报)",
        None,
        200,
    ),
    op("get", "/api/ledger.xlsx", "ledger", "整改台账Excel(查询参数 round、org、aspect、status、light)", None, 200),
    op(
        "get",
        "/api/ledger",
        "ledger",
        "整改台账一页:按整改时限排序,每页50条(查询参数 round、org、aspect、status、light;after 为上一页返回的 next);rounds 只列最近40个轮次和所选轮次,more_rounds 为真时全部轮次见 /api/rounds",
        None,
        200,
    ),
    op(
        "get",
        "/api/rounds/{id}/dashboard",
        "rounds",
        "轮次总览:各单位和各方面的完成率、红黄绿灯数、状态分布、逾期趋势",
        None,
        200,
    ),
    op(
        "post",
        "/api/inspections/{id}/ledger-import",
        "ledger",
        "导入整改台账(multipart: file;查询参数 apply=true 才写入,accept_valid=true 只导入没有问题的行)",
        Some("LedgerUpload"),
        200,
    ),
    op(
        "get",
        "/api/inspections/{id}/documents/{kind}",
        "ledger",
        "公文下载(.docx):kind 为 feedback 反馈意见、plan 整改方案、report 整改情况报告、disclosure 整改进展情况通报",
        None,
        200,
    ),
    op(
        "get",
        "/api/problems/{id}/rebound-candidates",
        "inspections",
        "疑似反弹:本单位此前已销号问题的相似度和共同词语",
        None,
        200,
    ),
    op(
        "post",
        "/api/problems/{id}/rebound-decisions",
        "inspections",
        "确认或排除反弹(巡察办)",
        Some("ReboundDecisionInput"),
        200,
    ),
    op("get", "/api/rebound-rates", "inspections", "问题反弹率(按单位、按问题方面;巡察办、领导)", None, 200),
    op(
        "get",
        "/api/inspections/{id}/disclosures",
        "inspections",
        "整改进展公开稿及当前进展统计(巡察办、领导)",
        None,
        200,
    ),
    op(
        "post",
        "/api/inspections/{id}/disclosures",
        "inspections",
        "起草整改进展公开稿(巡察办)",
        Some("DisclosureInput"),
        201,
    ),
    op(
        "post",
        "/api/disclosures/{id}/publish",
        "inspections",
        "审批公开(巡察办;统计以当日为准)",
        Some("VersionInput"),
        200,
    ),
    op(
        "post",
        "/api/disclosures/{id}/withhold",
        "inspections",
        "决定不予公开并记录理由(巡察办)",
        Some("WithholdInput"),
        200,
    ),
    op("get", "/api/rounds", "rounds", "巡察轮次列表", None, 200),
    op("post", "/api/rounds", "rounds", "新建巡察轮次(巡察办)", Some("NewRoundInput"), 201),
    op("get", "/api/rounds/{id}/teams", "rounds", "本轮巡察组及成员", None, 200),
    op("post", "/api/rounds/{id}/teams", "rounds", "组建巡察组(巡察办)", Some("NewTeamInput"), 201),
    op("post", "/api/teams/{id}/members", "rounds", "添加巡察组成员(检查回避)", Some("MemberInput"), 201),
    op("get", "/api/rounds/{id}/inspections", "rounds", "本轮巡察对象", None, 200),
    op("post", "/api/rounds/{id}/inspections", "rounds", "分配巡察对象(检查回避)", Some("NewInspectionInput"), 201),
    op("get", "/api/inspections", "inspections", "本人可见的巡察", None, 200),
    op("get", "/api/inspections/{id}", "inspections", "巡察详情", None, 200),
    op(
        "put",
        "/api/inspections/{id}/announcement",
        "inspections",
        "巡察公告与举报渠道",
        Some("AnnouncementInput"),
        200,
    ),
    op(
        "post",
        "/api/inspections/{id}/feedback",
        "inspections",
        "反馈(可联合纪委监委、组织部)",
        Some("FeedbackInput"),
        200,
    ),
    op("get", "/api/inspections/{id}/earlier-problems", "inspections", "该党组织此前巡察的问题(回头看)", None, 200),
    op("get", "/api/inspections/{id}/tips", "tips", "举报列表(巡察办、本组)", None, 200),
    op("post", "/api/inspections/{id}/tips", "tips", "登记举报", Some("NewTipInput"), 201),
    op("get", "/api/tips/{id}", "tips", "举报详情(留痕)", None, 200),
    op("post", "/api/tips/{id}/triage", "tips", "受理、转办或不予受理", Some("TriageInput"), 200),
    op("post", "/api/tips/{id}/reply", "tips", "答复举报", Some("ReplyInput"), 200),
    op("post", "/api/tips/{id}/tipper", "tips", "查看举报人身份(组长、巡察办,留痕)", None, 200),
    op("get", "/api/inspections/{id}/problems", "problems", "问题列表", None, 200),
    op("post", "/api/inspections/{id}/problems", "problems", "起草问题底稿", Some("ProblemInput"), 201),
    op("get", "/api/problems/{id}", "problems", "问题详情及措施", None, 200),
    op("put", "/api/problems/{id}", "problems", "修改问题底稿", Some("ProblemInput"), 200),
    op("post", "/api/problems/{id}/sign", "problems", "底稿审核(副组长→组长)", Some("VersionInput"), 200),
    op(
        "post",
        "/api/problems/{id}/return",
        "problems",
        "退回底稿(副组长、组长在各自审核环节,须写明意见)",
        Some("ReturnInput"),
        200,
    ),
    op("put", "/api/problems/{id}/rebound", "problems", "认定或取消反弹", Some("ReboundInput"), 200),
    op("get", "/api/inspections/{id}/transfers", "transfers", "本次巡察的移交事项", None, 200),
    op("post", "/api/inspections/{id}/transfers", "transfers", "移交问题线索或问题", Some("NewTransferInput"), 201),
    op("get", "/api/transfers", "transfers", "移交给本单位的事项", None, 200),
    op("get", "/api/transfers/{id}", "transfers", "移交事项详情", None, 200),
    op("post", "/api/transfers/{id}/outcome", "transfers", "反馈办理结果", Some("OutcomeInput"), 200),
    op("get", "/api/inspections/{id}/plan", "plans", "整改方案(含缺项清单)", None, 200),
    op("post", "/api/inspections/{id}/plan/submit", "plans", "书记签字报送整改方案", Some("VersionInput"), 200),
    op(
        "get",
        "/api/inspections/{id}/signals",
        "plans",
        "整改质量提示:空泛、照搬问题、无佐证销号、佐证早于反馈、一再延期、责任不具体",
        None,
        200,
    ),
    op("get", "/api/rounds/{id}/signals", "plans", "本轮各单位纸面整改风险排名(巡察办、领导)", None, 200),
    op("post", "/api/inspections/{id}/plan/review", "plans", "审核通过或退回整改方案", Some("ReviewInput"), 200),
    op("post", "/api/problems/{id}/measures", "plans", "新增整改措施", Some("MeasureInput"), 201),
    op("get", "/api/measures/{id}", "plans", "措施详情(进展、佐证、延期)", None, 200),
    op("put", "/api/measures/{id}", "plans", "修改整改措施", Some("MeasureInput"), 200),
    op("delete", "/api/measures/{id}", "plans", "删除整改措施(查询参数 version)", None, 204),
    op("post", "/api/measures/{id}/progress", "plans", "报告整改进展", Some("ProgressInput"), 200),
    op(
        "post",
        "/api/measures/{id}/evidence",
        "plans",
        "上传佐证材料(multipart: file, description, document_date)",
        Some("EvidenceUpload"),
        201,
    ),
    op("get", "/api/evidence/{id}", "plans", "下载佐证材料", None, 200),
    op("post", "/api/measures/{id}/close", "plans", "销号(巡察办、巡察组,须有佐证)", Some("CloseInput"), 200),
    op("post", "/api/measures/{id}/reopen", "plans", "重新打开(须说明理由)", Some("ReopenInput"), 200),
    op("post", "/api/measures/{id}/extensions", "plans", "申请延期", Some("ExtensionInput"), 201),
    op("post", "/api/extensions/{id}/decision", "plans", "审批延期申请(巡察办)", Some("DecisionInput"), 200),
];

fn s() -> Value {
    json!({ "type": "string" })
}
fn date() -> Value {
    json!({ "type": "string", "format": "date", "examples": ["2023-09-30"] })
}
fn int() -> Value {
    json!({ "type": "integer", "format": "int64" })
}
fn object(required: &[&str], props: Value) -> Value {
    json!({ "type": "object", "required": required, "properties": props })
}
fn codes(values: &[&str]) -> Value {
    json!({ "type": "string", "enum": values })
}

fn schemas() -> Value {
    use xuncha_domain::disclosure::WithholdGround;
    use xuncha_domain::inspection::{Body, InspectionKind};
    use xuncha_domain::measure::{DeadlineKind, MeasureStatus};
    use xuncha_domain::org::OrgKind;
    use xuncha_domain::problem::ProblemSource;
    use xuncha_domain::role::{Role, TeamPosition};
    use xuncha_domain::tip::{TipChannel, TipStatus};
    use xuncha_domain::transfer::{OutcomeKind, TransferKind};
    macro_rules! all {
        ($t:ty) => {
            codes(&<$t>::ALL.iter().map(|v| v.code()).collect::<Vec<_>>())
        };
    }
    json!({
        "Error": object(&["error"], json!({ "error": object(&["code", "message", "fields"], json!({
            "code": codes(&["not_found", "unauthenticated", "forbidden", "invalid", "invalid_state", "conflict", "too_many_attempts", "internal"]),
            "message": { "type": "string", "description": "给用户看的中文说明" },
            "fields": { "type": "array", "items": object(&["field", "message"], json!({ "field": s(), "message": s() })) }
        }))})),
        "LoginInput": object(&["username", "password"], json!({ "username": s(), "password": s() })),
        "PasswordInput": object(&["old_password", "new_password"], json!({ "old_password": s(), "new_password": s() })),
        "NewUserInput": object(&["username", "display_name", "password", "role"], json!({
            "username": s(), "display_name": s(), "password": s(), "role": all!(Role), "org_id": int(), "body": all!(Body) })),
        "NewOrgInput": object(&["name", "kind"], json!({ "name": s(), "kind": all!(OrgKind), "parent_id": int(), "is_sample": { "type": "boolean" } })),
        "ConflictInput": object(&["org_id", "reason"], json!({ "org_id": int(), "reason": s() })),
        "AspectInput": object(&["category", "name"], json!({ "category": s(), "name": s(), "sort": int() })),
        "NewRoundInput": object(&["name", "start_date", "end_date"], json!({ "name": s(), "start_date": date(), "end_date": date() })),
        "NewTeamInput": object(&["name"], json!({ "name": s() })),
        "MemberInput": object(&["user_id", "position"], json!({ "user_id": int(), "position": all!(TeamPosition) })),
        "NewInspectionInput": object(&["team_id", "target_org_id", "kind", "entry_date", "exit_date"], json!({
            "team_id": int(), "target_org_id": int(), "kind": all!(InspectionKind), "entry_date": date(), "exit_date": date(), "announcement": s() })),
        "AnnouncementInput": object(&["version"], json!({ "version": int(), "announcement": s(), "tip_phone": s(), "tip_email": s(),
            "tip_post_box": s(), "tip_address": s(), "tip_window_start": date(), "tip_window_end": date() })),
        "FeedbackInput": object(&["version", "date", "signed_for_by"], json!({ "version": int(), "date": date(),
            "bodies": { "type": "array", "items": codes(&["discipline", "organisation"]) }, "signed_for_by": s(), "notes": s() })),
        "NewTipInput": object(&["channel", "content", "received_on"], json!({ "channel": all!(TipChannel), "content": s(), "received_on": date(),
            "anonymous": { "type": "boolean" }, "tipper_name": s(), "tipper_contact": s() })),
        "TriageInput": object(&["version", "status"], json!({ "version": int(), "status": all!(TipStatus), "forwarded_to": s(), "reason": s(),
            "problem_ids": { "type": "array", "items": int() } })),
        "ReplyInput": object(&["version", "reply"], json!({ "version": int(), "reply": s() })),
        "ProblemInput": object(&["source", "summary"], json!({ "version": int(), "source": all!(ProblemSource), "aspect_id": int(),
            "summary": s(), "detail": s(), "evidence_list": s(), "found_on": date() })),
        "VersionInput": object(&["version"], json!({ "version": int() })),
        "ReturnInput": object(&["version", "comment"], json!({ "version": int(), "comment": s() })),
        "DisclosureInput": object(&["title", "public_text"], json!({ "title": s(), "public_text": s(), "internal_text": s() })),
        "WithholdInput": object(&["version", "ground"], json!({ "version": int(), "ground": all!(WithholdGround), "note": s() })),
        "ReboundInput": object(&["version"], json!({ "version": int(), "rebound_of": int() })),
        "NewTransferInput": object(&["kind", "body", "content", "transferred_on"], json!({ "problem_id": int(), "kind": all!(TransferKind),
            "body": all!(Body), "body_name": s(), "content": s(), "transferred_on": date() })),
        "OutcomeInput": object(&["version", "outcome_kind", "outcome", "outcome_on"], json!({ "version": int(), "outcome_kind": all!(OutcomeKind),
            "outcome": s(), "outcome_on": date() })),
        "MeasureInput": object(&[], json!({ "version": int(), "content": s(), "responsible_person": s(), "responsible_leader": s(),
            "department": s(), "deadline_kind": all!(DeadlineKind), "deadline": date(), "milestone": s(), "completion_standard": s() })),
        "ReviewInput": object(&["version", "approve"], json!({ "version": int(), "approve": { "type": "boolean" }, "comments": s(),
            "problem_comments": { "type": "array", "items": object(&["problem_id", "comment"], json!({ "problem_id": int(), "comment": s() })) } })),
        "ProgressInput": object(&["version", "content", "status"], json!({ "version": int(), "content": s(),
            "status": codes(&MeasureStatus::ALL.iter().filter(|s| **s != MeasureStatus::Closed).map(|v| v.code()).collect::<Vec<_>>()) })),
        "EvidenceUpload": object(&["file"], json!({ "file": { "type": "string", "format": "binary" }, "description": s(), "document_date": date() })),
        "ReboundDecisionInput": object(&["version", "earlier_id", "confirm"], json!({ "version": int(), "earlier_id": int(), "confirm": { "type": "boolean" } })),
        "LedgerUpload": object(&["file"], json!({ "file": { "type": "string", "format": "binary" } })),
        "RosterUpload": object(&["file"], json!({ "file": { "type": "string", "format": "binary" } })),
        "CloseInput": object(&["version", "note"], json!({ "version": int(), "note": s(), "reason": s() })),
        "ReopenInput": object(&["version", "reason"], json!({ "version": int(), "reason": s() })),
        "ExtensionInput": object(&["requested_deadline", "reason"], json!({ "requested_deadline": date(), "reason": s() })),
        "DisclosureInput": object(&["title", "public_text"], json!({ "title": s(), "public_text": s(), "internal_text": s() })),
        "WithholdInput": object(&["version", "ground", "note"], json!({ "version": int(),
            "ground": all!(xuncha_domain::disclosure::WithholdGround), "note": s() })),
        "DecisionInput": object(&["version", "approve"], json!({ "version": int(), "approve": { "type": "boolean" }, "note": s() })),
    })
}

/// Every answer an operation may give: its success, and each refusal in the one error format.
fn responses(success: u16) -> Value {
    let error = |description: &str| json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } });
    json!({
        success.to_string(): { "description": "成功" },
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

/// Builds the document.
pub fn document() -> Value {
    let mut paths = Map::new();
    for o in OPERATIONS {
        let item = paths.entry(o.path).or_insert_with(|| json!({})).as_object_mut().expect("object");
        let mut operation = json!({
            "tags": [o.tag],
            "summary": o.summary,
            "operationId": format!("{}_{}", o.method, o.path.trim_start_matches('/').replace(['/', '{', '}', '.', '-'], "_")),
            "responses": responses(o.status),
        });
        let params: Vec<Value> = o
            .path
            .split('/')
            .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .map(|name| json!({ "name": name, "in": "path", "required": true, "schema": if name == "id" { int() } else { s() } }))
            .collect();
        if !params.is_empty() {
            operation["parameters"] = Value::Array(params);
        }
        if let Some(body) = o.body {
            let media = if body.ends_with("Upload") { "multipart/form-data" } else { "application/json" };
            operation["requestBody"] = json!({ "required": true, "content": { media: { "schema": { "$ref": format!("#/components/schemas/{body}") } } } });
        }
        item.insert(o.method.to_string(), operation);
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "xuncha 巡察整改闭环管理系统 API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "登录后以会话 Cookie(或 Authorization: Bearer <token>)调用。错误统一为 JSON:code 为稳定代码,message 为中文说明,fields 指出有误的字段。写操作携带 version,版本不符返回 409。无权查看的记录与不存在的记录一样返回 404。"
        },
        "components": {
            "schemas": schemas(),
            "securitySchemes": {
                "session": { "type": "apiKey", "in": "cookie", "name": "xuncha_session" },
                "bearer": { "type": "http", "scheme": "bearer" }
            }
        },
        "security": [{ "session": [] }, { "bearer": [] }],
        "paths": paths
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_request_body_names_a_defined_schema() {
        let doc = document();
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        for o in OPERATIONS {
            if let Some(b) = o.body {
                assert!(schemas.contains_key(b), "{} {} uses undefined schema {b}", o.method, o.path);
            }
        }
    }

    #[test]
    fn operations_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for o in OPERATIONS {
            assert!(seen.insert((o.method, o.path)), "duplicate {} {}", o.method, o.path);
        }
    }
}

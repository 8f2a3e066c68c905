//! 巡察档案: what an inspection's archive is made of — its official documents, its records as
//! tables (work papers, measures and their 销号, transfers and outcomes, 随机抽查, the public's
//! published comments, tips as counts or, sealed, in full), the evidence files — gathered under
//! the office's capability with the audit chain's head at that moment; and the archive kept
//! whole once `xuncha_documents` has packed it, recorded on the trail with its manifest digest.

use schemars::JsonSchema;
use serde::Serialize;
use sha2::{Digest, Sha256};
use time::Date;
use xuncha_domain::access::{Actor, Capability, allowed};
use xuncha_domain::action::Action;
use xuncha_domain::archive::{ArchiveVariant, AuditHead, Manifest};
use xuncha_domain::comment::CommentStatus;
use xuncha_domain::id::*;
use xuncha_store::{Conn, InspectionArchive, NewArchive};

use crate::audit::{People, china_time_text};
use crate::official::{DocumentKind, OfficialDocument};
use crate::{App, AppError, AppResult, By, json, require_visible, visible_inspection};

/// A table of the archive's record workbook, already in words.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// An official document with how the catalogue names it.
#[derive(Debug)]
pub struct ArchivedDocument {
    pub document: OfficialDocument,
    pub author: String,
    pub date: String,
}

/// A file kept as it was uploaded (evidence, what a re-check saw).
#[derive(Debug, Clone)]
pub struct ArchivedFile {
    /// Folder and name inside the archive ("附件/佐证材料/问题1-措施2-会议记录.pdf").
    pub path: String,
    pub title: String,
    pub author: String,
    pub date: String,
    pub bytes: Vec<u8>,
}

/// Everything an archive holds, gathered; packed by `xuncha_documents::archive`.
#[derive(Debug)]
pub struct ArchiveBundle {
    pub inspection_id: InspectionId,
    pub variant: ArchiveVariant,
    /// "2023年第一轮巡察 · 第一巡察组 · 县工商联".
    pub title: String,
    /// "县工商联巡察档案(2023年第一轮巡察).zip" (sealed: "…(密封卷).zip").
    pub file_name: String,
    /// The committee and team that made the records ("中共天镇县委第一巡察组").
    pub team_title: String,
    pub made_by: String,
    pub made_at: String,
    pub made_on: Date,
    pub audit_head: AuditHead,
    pub documents: Vec<ArchivedDocument>,
    pub sheets: Vec<Sheet>,
    pub files: Vec<ArchivedFile>,
}

/// An archive as kept, for the pages and the API.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ArchiveRecord {
    pub id: ArchiveId,
    pub inspection_id: InspectionId,
    pub variant: ArchiveVariant,
    pub variant_label: String,
    pub file_name: String,
    pub manifest_sha256: String,
    pub files: i64,
    pub size: i64,
    /// "1.2 MB".
    pub size_text: String,
    /// The audit chain's head the manifest names.
    pub audit_seq: i64,
    pub audit_hash: String,
    pub made_by_name: String,
    pub made_at_text: String,
}

/// An inspection's archives the reader may read, and whether the reader may make one.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ArchiveList {
    pub archives: Vec<ArchiveRecord>,
    pub can_make: bool,
}

/// What `xuncha archive verify` learns of an archive from the database.
#[derive(Debug, Clone)]
pub struct ArchiveOnRecord {
    /// The recorded head is still the chain's event at its seq.
    pub head_in_chain: bool,
    /// The archive kept under this manifest digest (none: not made by this system).
    pub kept: Option<(ArchiveId, String)>,
    /// The chain's record of making it (`archive.make` naming this manifest digest, after the
    /// head the manifest names): the table alone could be written behind the system.
    pub made_at_seq: Option<i64>,
}

fn record(a: InspectionArchive, people: &People) -> ArchiveRecord {
    ArchiveRecord {
        id: a.id,
        inspection_id: a.inspection_id,
        variant: a.variant,
        variant_label: a.variant.label().into(),
        file_name: a.file_name,
        manifest_sha256: a.manifest_sha256,
        files: a.files,
        size: a.size,
        size_text: xuncha_domain::archive::size_text(a.size.max(0) as u64),
        audit_seq: a.audit_seq,
        audit_hash: a.audit_hash,
        made_by_name: people.of(&a.made_by).to_string(),
        made_at_text: china_time_text(a.made_at),
    }
}

/// A file's bytes against the digest recorded when it was uploaded: an archive never files a
/// file changed since.
fn check_digest(bytes: &[u8], recorded: &str, name: &str) -> AppResult<()> {
    if hex::encode(Sha256::digest(bytes)).eq_ignore_ascii_case(recorded) {
        Ok(())
    } else {
        let name: String = name.chars().take(60).collect();
        Err(AppError::State(format!("材料《{name}》与上传时记录的SHA-256不符,可能已被改动,请先核查后再生成档案")))
    }
}

fn name_of(people: &People, id: Option<UserId>) -> String {
    id.map(|u| people.of(&u).to_string()).unwrap_or_default()
}

fn time_of(t: Option<time::OffsetDateTime>) -> String {
    t.map(china_time_text).unwrap_or_default()
}

fn sheet(name: &str, header: &[&str], rows: Vec<Vec<String>>) -> Sheet {
    Sheet { name: name.into(), header: header.iter().map(|h| h.to_string()).collect(), rows }
}

impl App {
    /// Gathers an inspection's archive, for the county's office, once it has been fed back.
    pub async fn archive_bundle(
        &self,
        actor: &Actor,
        inspection_id: InspectionId,
        variant: ArchiveVariant,
    ) -> AppResult<ArchiveBundle> {
        let insp = self.inspection_in_reach(actor, inspection_id).await?;
        let scope = insp.scope();
        require_visible(actor, Capability::ReadInspection(&scope))?;
        let sealed_ok = variant == ArchiveVariant::Standard || allowed(actor, Capability::UnsealTipper(&scope));
        if !allowed(actor, Capability::MakeArchive(&scope)) || !sealed_ok {
            return Err(AppError::Forbidden);
        }
        if insp.feedback_date.is_none() {
            return Err(AppError::State("巡察反馈之前还没有可归档的文书".into()));
        }
        let mut documents = Vec::new();
        for kind in DocumentKind::ALL {
            let document = match self.official_document(actor, inspection_id, *kind).await {
                Ok(d) => d,
                // No disclosure yet: the archive holds what there is.
                Err(AppError::State(_)) if *kind == DocumentKind::Disclosure => continue,
                Err(e) => return Err(e),
            };
            // Only what was published is filed as published: a draft awaiting its decision
            // (perhaps to be withheld) is not.
            let published = |d: &OfficialDocument| {
                d.disclosure
                    .as_ref()
                    .is_some_and(|x| x.status == xuncha_domain::disclosure::DisclosureStatus::Published)
            };
            if *kind == DocumentKind::Disclosure && !published(&document) {
                continue;
            }
            let team = format!("{}{}", document.committee, document.inspection.team_name);
            let (author, date) = match kind {
                DocumentKind::Feedback => (team, insp.feedback_date.map(|d| d.to_string()).unwrap_or_default()),
                DocumentKind::Plan | DocumentKind::Report => (
                    document.inspection.target_name.clone(),
                    document.plan_dated.map(|d| d.to_string()).unwrap_or_default(),
                ),
                DocumentKind::Disclosure => (
                    format!("{}巡察办", document.committee),
                    document
                        .disclosure
                        .as_ref()
                        .and_then(|d| d.published_on)
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                ),
            };
            documents.push(ArchivedDocument { document, author, date });
        }
        let mut h = self.store.read().await?;
        let conn = &mut h.conn();
        let round = conn.get_round(insp.round_id).await?.ok_or(AppError::NotFound)?;
        let committee = crate::official::committee_name(conn, &insp).await?;
        let now = conn.now();
        let made_by = crate::audit::people(conn, vec![actor.user_id]).await?.of(&actor.user_id).to_string();
        let (sheets, files) = self.archive_records(conn, &insp, variant).await?;
        // Read last: every record in the archive was written at or before this head.
        let (seq, hash) = conn.audit_head().await?;
        let sealed = if variant == ArchiveVariant::Sealed { "(密封卷)" } else { "" };
        let day = now.to_offset(xuncha_store::CHINA).date();
        let stamp = format!("{}{:02}{:02}", day.year(), u8::from(day.month()), day.day());
        Ok(ArchiveBundle {
            inspection_id,
            variant,
            title: format!("{} · {} · {}", round.name, insp.team_name, insp.target_name),
            file_name: format!("{}巡察档案({}){sealed}{stamp}.zip", insp.target_name, round.name),
            team_title: format!("{committee}{}", insp.team_name),
            made_by,
            made_at: china_time_text(now),
            made_on: now.to_offset(xuncha_store::CHINA).date(),
            audit_head: AuditHead { seq, hash },
            documents,
            sheets,
            files,
        })
    }

    /// The records as tables, and the files.
    async fn archive_records(
        &self,
        conn: &mut Conn<'_>,
        insp: &xuncha_store::Inspection,
        variant: ArchiveVariant,
    ) -> AppResult<(Vec<Sheet>, Vec<ArchivedFile>)> {
        let sealed = variant == ArchiveVariant::Sealed;
        let problems = conn.list_problems(insp.id).await?;
        let measures = conn.inspection_measures(insp.id).await?;
        let transfers = conn.list_transfers(insp.id).await?;
        let rechecks = conn.inspection_recheck_lines(insp.id).await?;
        let comments = conn.inspection_comments(insp.id).await?;
        let tips = conn.list_tips(insp.id).await?;
        let mut ids: Vec<UserId> = Vec::new();
        for p in &problems {
            ids.extend([p.drafted_by, p.deputy_signed_by, p.leader_signed_by].into_iter().flatten());
        }
        ids.extend(measures.iter().filter_map(|m| m.closed_by));
        ids.extend(rechecks.iter().filter_map(|r| r.checked_by));
        let people = crate::audit::people(conn, ids).await?;
        let number_of = |id: ProblemId| problems.iter().find(|p| p.id == id).map_or(0, |p| p.number);

        let mut sheets = vec![sheet(
            "巡察基本情况",
            &["项目", "内容"],
            vec![
                vec!["被巡察党组织".into(), insp.target_name.clone()],
                vec!["巡察组".into(), insp.team_name.clone()],
                vec!["进驻至撤离".into(), format!("{} 至 {}", insp.entry_date, insp.exit_date)],
                vec!["巡察公告".into(), insp.announcement.clone()],
                vec![
                    "举报受理期间".into(),
                    match (insp.tip_window_start, insp.tip_window_end) {
                        (Some(a), Some(b)) => format!("{a} 至 {b}"),
                        _ => String::new(),
                    },
                ],
                vec!["反馈日期".into(), insp.feedback_date.map(|d| d.to_string()).unwrap_or_default()],
                vec!["反馈签收人".into(), insp.feedback_signed_for_by.clone()],
            ],
        )];
        sheets.push(sheet(
            "问题底稿",
            &["问题序号", "发现日期", "来源", "问题", "具体情况", "状态", "起草人", "副组长审核", "组长审定"],
            problems
                .iter()
                .map(|p| {
                    let signed = |by: Option<UserId>, at| {
                        let who = name_of(&people, by);
                        if who.is_empty() { String::new() } else { format!("{who} {}", time_of(at)) }
                    };
                    vec![
                        p.number.to_string(),
                        p.found_on.to_string(),
                        p.source.label().into(),
                        p.summary.clone(),
                        // The standard archive leaves out the evidence list, which may cite tips.
                        if sealed && !p.evidence_list.is_empty() {
                            format!("{}\n证据清单:{}", p.detail, p.evidence_list)
                        } else {
                            p.detail.clone()
                        },
                        p.status.label().into(),
                        name_of(&people, p.drafted_by),
                        signed(p.deputy_signed_by, p.deputy_signed_at),
                        signed(p.leader_signed_by, p.leader_signed_at),
                    ]
                })
                .collect(),
        ));
        sheets.push(sheet(
            "整改措施与销号",
            &[
                "问题序号",
                "整改措施",
                "责任领导",
                "责任人",
                "责任部门",
                "完成标志",
                "时限",
                "原定时限",
                "状态",
                "销号人",
                "销号时间",
                "销号意见",
            ],
            measures
                .iter()
                .map(|m| {
                    vec![
                        number_of(m.problem_id).to_string(),
                        m.content.clone(),
                        m.responsible_leader.clone(),
                        m.responsible_person.clone(),
                        m.department.clone(),
                        m.completion_standard.clone(),
                        m.deadline
                            .map(|d| d.to_string())
                            .or(m.deadline_kind.map(|k| k.label().to_string()))
                            .unwrap_or_default(),
                        m.original_deadline
                            .filter(|o| Some(*o) != m.deadline)
                            .map(|d| d.to_string())
                            .unwrap_or_default(),
                        m.status.label().into(),
                        name_of(&people, m.closed_by),
                        time_of(m.closed_at),
                        m.close_note.clone(),
                    ]
                })
                .collect(),
        ));
        // Transfers are leads, often drawn from tips: their content goes into the sealed
        // archive only (leaders, who read the standard one, read no transfer elsewhere either).
        if sealed {
            sheets.push(sheet(
                "问题线索移交(密封)",
                &["移交日期", "移交对象", "类别", "内容", "办理期限", "办理结果", "结果日期"],
                transfers
                    .iter()
                    .map(|t| {
                        vec![
                            t.transferred_on.to_string(),
                            t.body_name.clone(),
                            t.kind.label().into(),
                            t.content.clone(),
                            t.due_date.to_string(),
                            match t.outcome_kind {
                                Some(k) => format!("{}:{}", k.label(), t.outcome),
                                None => "尚未反馈".into(),
                            },
                            t.outcome_on.map(|d| d.to_string()).unwrap_or_default(),
                        ]
                    })
                    .collect(),
            ));
        } else {
            let mut counts: std::collections::BTreeMap<(String, String, String), usize> = Default::default();
            for t in &transfers {
                let outcome = t.outcome_kind.map_or("尚未反馈".to_string(), |k| k.label().to_string());
                *counts.entry((t.body.label().to_string(), t.kind.label().to_string(), outcome)).or_default() += 1;
            }
            let rows = counts.into_iter().map(|((b, k, o), n)| vec![b, k, o, n.to_string()]).collect();
            sheets.push(sheet("问题线索移交(件数)", &["移交对象", "类别", "办理结果", "件数"], rows));
        }
        // The rectification as scored, and the rules it produced.
        let assessment = conn.get_assessment(insp.id).await?;
        let mechanisms = conn.list_mechanisms(insp.id).await?;
        let mut ids: Vec<UserId> = assessment.iter().map(|a| a.assessed_by).collect();
        ids.extend(mechanisms.iter().map(|m| m.recorded_by));
        let scorers = crate::audit::people(conn, ids).await?;
        let mut rows: Vec<Vec<String>> = Vec::new();
        if let Some(a) = &assessment {
            let items: Vec<xuncha_domain::assessment::ItemScore> = serde_json::from_str(&a.scores).unwrap_or_default();
            for item in items {
                rows.push(vec![item.name, item.max.to_string(), item.score.to_string(), item.note]);
            }
            let who = format!("{} {}", scorers.of(&a.assessed_by), china_time_text(a.assessed_at));
            rows.push(vec![
                "合计".into(),
                String::new(),
                a.total.to_string(),
                format!("等次:{};评估:{who}", a.grade.label()),
            ]);
        }
        sheets.push(sheet("整改成效评估", &["评分项目", "满分", "得分", "说明"], rows));
        sheets.push(sheet(
            "长效机制",
            &["制度名称", "文号", "印发日期", "针对问题", "登记人、时间"],
            mechanisms
                .iter()
                .map(|m| {
                    vec![
                        m.name.clone(),
                        m.doc_number.clone(),
                        m.issued_on.to_string(),
                        m.problem_id.map(|p| format!("问题{}", number_of(p))).unwrap_or_default(),
                        format!("{} {}", scorers.of(&m.recorded_by), china_time_text(m.recorded_at)),
                    ]
                })
                .collect(),
        ));
        sheets.push(sheet(
            "随机抽查",
            &["问题序号", "整改措施", "核查组", "核查结论", "核查说明", "核查人", "核查时间"],
            rechecks
                .iter()
                .map(|r| {
                    vec![
                        r.problem_number.to_string(),
                        r.measure_content.clone(),
                        r.team_name.clone(),
                        r.verdict.map(|v| v.label().to_string()).unwrap_or_else(|| "待核查".into()),
                        r.notes.clone(),
                        name_of(&people, r.checked_by),
                        time_of(r.checked_at),
                    ]
                })
                .collect(),
        ));
        sheets.push(sheet(
            "群众评价",
            &["收到日期", "满意程度", "留言", "公开答复"],
            comments
                .iter()
                .filter(|c| c.status == CommentStatus::Approved)
                .map(|c| {
                    vec![
                        c.received_on.to_string(),
                        c.rating.map(|r| r.label().to_string()).unwrap_or_default(),
                        c.content.clone(),
                        c.answer.clone(),
                    ]
                })
                .collect(),
        ));
        if sealed {
            let mut rows = Vec::new();
            for t in &tips {
                let tipper = conn.get_tipper(t.id).await?;
                let who = match tipper {
                    Some(x) if !x.anonymous => format!("{} {}", x.name, x.contact),
                    _ => "匿名".into(),
                };
                rows.push(vec![
                    t.received_on.to_string(),
                    t.channel.label().into(),
                    t.content.clone(),
                    who,
                    t.status.label().into(),
                    t.reply.clone(),
                ]);
            }
            sheets.push(sheet("信访举报(密封)", &["收到日期", "来源", "内容", "举报人", "处理状态", "答复"], rows));
        } else {
            let mut counts: Vec<(String, usize)> = Vec::new();
            for t in &tips {
                let key = format!("{}:{}", t.channel.label(), t.status.label());
                match counts.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((key, 1)),
                }
            }
            counts.sort();
            let mut rows: Vec<Vec<String>> = counts.into_iter().map(|(k, n)| vec![k, n.to_string()]).collect();
            rows.push(vec!["合计".into(), tips.len().to_string()]);
            sheets.push(sheet("信访举报(件数)", &["来源:处理状态", "件数"], rows));
        }

        // Bounded before a byte is read: an archive is made in memory and kept in one row.
        let mut listed = Vec::new();
        let mut total: i64 = 0;
        for m in &measures {
            let list = conn.list_evidence(m.id).await?;
            total = total.saturating_add(list.iter().map(|e| e.size).sum::<i64>());
            listed.push((m, list));
        }
        for r in &rechecks {
            total = total.saturating_add(conn.list_recheck_evidence(r.id).await?.iter().map(|e| e.size).sum::<i64>());
        }
        if total > xuncha_domain::archive::MAX_EVIDENCE_BYTES {
            return Err(AppError::State(format!(
                "佐证和核查材料共{},超过一个档案包{}的上限,请分卷整理",
                xuncha_domain::archive::size_text(total.max(0) as u64),
                xuncha_domain::archive::size_text(xuncha_domain::archive::MAX_EVIDENCE_BYTES as u64)
            )));
        }
        // Who uploaded what, named once for all the files.
        let uploaders =
            crate::audit::people(conn, listed.iter().flat_map(|(_, l)| l.iter().map(|e| e.uploaded_by)).collect())
                .await?;
        let mut files = Vec::new();
        for (m, list) in listed {
            let n = number_of(m.problem_id);
            for e in list {
                let bytes = conn.evidence_data(e.id).await?.ok_or(AppError::NotFound)?;
                check_digest(&bytes, &e.sha256, &e.file_name)?;
                files.push(ArchivedFile {
                    path: format!(
                        "附件/佐证材料/问题{n}-措施{}-{}-{}",
                        m.sort,
                        e.id,
                        xuncha_domain::archive::safe_name(&e.file_name)
                    ),
                    title: format!("问题{n}整改佐证:{}", e.file_name),
                    author: uploaders.of(&e.uploaded_by).to_string(),
                    date: e.document_date.unwrap_or(e.uploaded_at.to_offset(xuncha_store::CHINA).date()).to_string(),
                    bytes,
                });
            }
        }
        for r in &rechecks {
            for e in conn.list_recheck_evidence(r.id).await? {
                let bytes = conn.recheck_evidence_data(e.id).await?.ok_or(AppError::NotFound)?;
                check_digest(&bytes, &e.sha256, &e.file_name)?;
                files.push(ArchivedFile {
                    path: format!(
                        "附件/核查材料/问题{}-{}-{}",
                        r.problem_number,
                        e.id,
                        xuncha_domain::archive::safe_name(&e.file_name)
                    ),
                    title: format!("随机抽查核查材料:{}", e.file_name),
                    author: r.team_name.clone(),
                    date: e.uploaded_at.to_offset(xuncha_store::CHINA).date().to_string(),
                    bytes,
                });
            }
        }
        Ok((sheets, files))
    }

    /// Keeps an archive packed from `archive_bundle`, recorded on the trail with its manifest's
    /// digest and the head it names.
    pub async fn keep_archive(
        &self,
        actor: &Actor,
        bundle: &ArchiveBundle,
        manifest: &Manifest,
        manifest_bytes: &[u8],
        zip: &[u8],
    ) -> AppResult<ArchiveRecord> {
        let mut tx = self.write(By::User(actor)).await?;
        let (_, scope) = visible_inspection(&mut tx.conn(), actor, bundle.inspection_id).await?;
        tx.require(Capability::MakeArchive(&scope))?;
        let manifest_sha256 = hex::encode(Sha256::digest(manifest_bytes));
        let id = tx
            .conn()
            .insert_archive(&NewArchive {
                inspection_id: bundle.inspection_id,
                variant: bundle.variant,
                file_name: &bundle.file_name,
                manifest_sha256: &manifest_sha256,
                files: manifest.files.len() as i64,
                audit_seq: manifest.audit_head.seq,
                audit_hash: &manifest.audit_head.hash,
                data: zip,
                made_by: actor.user_id,
            })
            .await?;
        let kept = tx.conn().get_archive(id).await?.ok_or(AppError::NotFound)?;
        let summary = format!(
            "生成巡察档案({}):{}个文件,{},清单SHA-256 {manifest_sha256},链头第{}条",
            bundle.variant.label(),
            manifest.files.len(),
            xuncha_domain::archive::size_text(zip.len() as u64),
            manifest.audit_head.seq
        );
        tx.record(Action::ArchiveMake, bundle.inspection_id, &summary, "{}", &json(&kept)).await?;
        if bundle.variant == ArchiveVariant::Sealed {
            // The sealed archive holds every tip and sender: their reading is on the trail.
            tx.require(Capability::UnsealTipper(&scope))?;
            let tips = tx.conn().list_tips(bundle.inspection_id).await?.len();
            let what = format!("密封卷档案包含信访举报{tips}件及举报人信息");
            tx.record(Action::TipList, bundle.inspection_id, &what, "{}", "{}").await?;
        }
        tx.commit().await?;
        let people = crate::audit::people(&mut self.store.read().await?.conn(), vec![actor.user_id]).await?;
        Ok(record(kept, &people))
    }

    /// An inspection's archives the reader may read (the sealed ones: the office's only).
    pub async fn list_archives(&self, actor: &Actor, inspection_id: InspectionId) -> AppResult<ArchiveList> {
        let mut h = self.store.read().await?;
        let (_, scope) = visible_inspection(&mut h.conn(), actor, inspection_id).await?;
        require_visible(actor, Capability::ReadArchive(&scope, ArchiveVariant::Standard))?;
        let rows: Vec<InspectionArchive> = h
            .conn()
            .list_archives(inspection_id)
            .await?
            .into_iter()
            .filter(|a| allowed(actor, Capability::ReadArchive(&scope, a.variant)))
            .collect();
        let people = crate::audit::people(&mut h.conn(), rows.iter().map(|a| a.made_by).collect()).await?;
        Ok(ArchiveList {
            archives: rows.into_iter().map(|a| record(a, &people)).collect(),
            can_make: allowed(actor, Capability::MakeArchive(&scope)),
        })
    }

    /// An archive's file name and bytes, as kept.
    /// Each download is recorded (a sealed archive holds tips and their senders).
    pub async fn archive_file(&self, actor: &Actor, id: ArchiveId) -> AppResult<(String, Vec<u8>)> {
        let mut tx = self.write(By::User(actor)).await?;
        let a = tx.conn().get_archive(id).await?.ok_or(AppError::NotFound)?;
        let (_, scope) = visible_inspection(&mut tx.conn(), actor, a.inspection_id).await?;
        tx.require_visible(Capability::ReadArchive(&scope, a.variant))?;
        let data = tx.conn().archive_data(id).await?.ok_or(AppError::NotFound)?;
        let what = format!("下载巡察档案《{}》({})", a.file_name, a.variant.label());
        tx.record(Action::ArchiveDownload, a.inspection_id, &what, "{}", "{}").await?;
        tx.commit().await?;
        Ok((a.file_name, data))
    }

    /// For `xuncha archive verify` (the operator's command, no account): whether the head a
    /// manifest names is in the chain, and which kept archive has this manifest.
    pub async fn archive_on_record(&self, head: &AuditHead, manifest_sha256: &str) -> AppResult<ArchiveOnRecord> {
        let mut h = self.store.read().await?;
        let head_in_chain = h.conn().event_hash_at(head.seq).await?.as_deref() == Some(head.hash.as_str());
        let kept = h.conn().archives_with_manifest(manifest_sha256).await?.into_iter().next();
        let made_at_seq = h
            .conn()
            .events_of(Action::ArchiveMake.code())
            .await?
            .into_iter()
            .filter(|(seq, _)| *seq > head.seq)
            .find(|(_, after)| {
                serde_json::from_str::<serde_json::Value>(after)
                    .is_ok_and(|a| a["manifest_sha256"].as_str() == Some(manifest_sha256))
            })
            .map(|(seq, _)| seq);
        Ok(ArchiveOnRecord { head_in_chain, kept: kept.map(|a| (a.id, a.file_name)), made_at_seq })
    }
}

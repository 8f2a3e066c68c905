//! In-app reminders, derived from the state of the records each time they are read (nothing to
//! keep in step): traffic-light warnings to the organisation that must act, plans returned or
//! waiting for review, extension requests, tips and papers waiting, transfers coming due,
//! 随机抽查 a team is to check.

use serde::Serialize;
use xuncha_domain::access::{Actor, Capability, Reach, allowed};
use xuncha_domain::deadline::Light;
use xuncha_domain::escalation::EscalationStep;
use xuncha_domain::id::*;
use xuncha_domain::plan::PlanStatus;
use xuncha_domain::role::TeamPosition;

use crate::{App, AppResult};

#[derive(Debug, Clone, Serialize)]
pub struct Notice {
    /// Red, yellow or green for deadlines; `None` for things waiting on the reader.
    pub light: Light,
    pub text: String,
    pub link: String,
}

impl App {
    /// What waits on the reader, red first: the office and leaders follow every inspection of
    /// their county, a team its own, a target its plan and measures, a receiving body its
    /// transfers.
    pub async fn notifications(&self, actor: &Actor) -> AppResult<Vec<Notice>> {
        let mut out = match actor.reach() {
            Reach::Every => self.office_notices(actor).await?,
            Reach::Teams(_) => self.team_notices(actor).await?,
            Reach::Own(_) => self.target_notices(actor).await?,
            Reach::FedBack => self.transfer_notices(actor).await?,
            Reach::Nothing => Vec::new(),
        };
        let rank = |l: Light| match l {
            Light::Red => 0,
            Light::Yellow => 1,
            Light::None => 2,
            Light::Green => 3,
        };
        out.sort_by_key(|n| rank(n.light));
        Ok(out)
    }

    /// Every round at once, counted in the database: the plans waiting for review, the overdue
    /// measures per inspection (a province has a hundred thousand open), plans past due, measures
    /// reported done; for the county's own office also extensions and transfers to follow up.
    async fn office_notices(&self, actor: &Actor) -> AppResult<Vec<Notice>> {
        let mut out = Vec::new();
        let today = self.today();
        let mut h = self.store.read().await?;
        // Reviews and extensions wait for the county's own office, not a higher one or leaders.
        let reviews = allowed(actor, Capability::PlanRounds);
        let submitted = if reviews { h.conn().submitted_plans().await? } else { Vec::new() };
        let overdue = h.conn().overdue_by_inspection(today, self.policy.last_feedback_with_plan_overdue(today)).await?;
        let unsubmitted = h.conn().unsubmitted_plans().await?;
        let to_verify = if reviews { h.conn().awaiting_verification().await? } else { Vec::new() };
        let replies = if reviews { h.conn().replies_past_due(today).await? } else { Vec::new() };
        drop(h);
        let overdue_now = overdue.clone();
        // Counted for every county at once; a county's office and leaders read their own.
        let mine = self.jurisdiction_inspections(actor).await?;
        let within = |id: &InspectionId| mine.as_ref().is_none_or(|ids| ids.contains(id));
        for (inspection_id, target_name) in submitted.into_iter().filter(|(id, _)| within(id)) {
            out.push(Notice {
                light: Light::None,
                text: format!("{target_name}报送了整改方案,等待审核"),
                link: format!("/inspections/{inspection_id}/plan"),
            });
        }
        for o in overdue.into_iter().filter(|o| within(&o.inspection_id)) {
            out.push(Notice {
                light: Light::Red,
                text: format!("{}有{}条整改措施逾期", o.target_name, o.overdue),
                link: format!("/ledger?round={}&org={}&light=red", o.round_id, o.target_org_id),
            });
        }
        // Plans past their due date and still not (re)submitted: the office follows up.
        let mut late_plans: Vec<(InspectionId, String)> = Vec::new();
        for (inspection_id, target_name, feedback, returned) in unsubmitted {
            let due = self.policy.plan_due(feedback);
            if due >= today || !within(&inspection_id) {
                continue;
            }
            late_plans.push((inspection_id, target_name.clone()));
            let what =
                if returned { "整改方案退回后逾期未重新报送" } else { "整改方案逾期未报送" };
            out.push(Notice {
                light: Light::Red,
                text: format!("{target_name}{what}(应于{due}前报送)"),
                link: format!("/inspections/{inspection_id}/plan"),
            });
        }
        for v in to_verify.into_iter().filter(|v| within(&v.inspection_id)) {
            out.push(verification_notice(&v));
        }
        // A letter's or an interview's date has passed with measures still overdue: the office
        // that escalates decides the next step.
        if reviews {
            for e in replies.into_iter().filter(|e| within(&e.inspection_id)) {
                let measures = overdue_now.iter().find(|o| o.inspection_id == e.inspection_id);
                let plan = late_plans.iter().find(|(id, _)| *id == e.inspection_id);
                let (target, still) = match (measures, plan) {
                    (Some(o), _) => (&o.target_name, format!("仍有{}条整改措施逾期", o.overdue)),
                    (None, Some((_, name))) => (name, "整改方案仍未报送".to_string()),
                    (None, None) => continue,
                };
                let (Some(reply_by), what) = (e.reply_by, e.step.document().unwrap_or("督办")) else { continue };
                out.push(Notice {
                    light: Light::Red,
                    text: format!("{target}:{what}({})限期{reply_by}已过,{still},请决定下一步督办", e.letter_number),
                    link: format!("/inspections/{}/escalations", e.inspection_id),
                });
            }
        }
        if reviews {
            let pending = self.store.read().await?.conn().pending_extensions().await?;
            for (e, target, _) in pending.into_iter().filter(|(_, _, id)| within(id)) {
                out.push(Notice {
                    light: Light::None,
                    text: format!("{target}申请将一条措施延期至{},等待审批", e.requested_deadline),
                    link: format!("/measures/{}#ext", e.measure_id),
                });
            }
            out.extend(self.transfer_notices(actor).await?);
        }
        Ok(out)
    }

    /// A target's plan (returned, or coming due) and its measures' lights.
    async fn target_notices(&self, actor: &Actor) -> AppResult<Vec<Notice>> {
        let mut out = Vec::new();
        let today = self.today();
        for row in self.target_home(actor).await? {
            let name = &row.inspection.target_name;
            if let (Some(plan), Some(fb)) = (&row.plan, row.inspection.feedback_date) {
                let link = format!("/inspections/{}/plan", row.inspection.id);
                if plan.status == PlanStatus::Returned {
                    out.push(Notice {
                        light: Light::None,
                        text: "整改方案被退回,请按巡察办意见修改后重新报送".into(),
                        link: link.clone(),
                    });
                }
                if matches!(plan.status, PlanStatus::Draft | PlanStatus::Returned) {
                    let due = self.policy.plan_due(fb);
                    let light = self.policy.light(Some(due), today, false);
                    if light != Light::None {
                        out.push(Notice { light, text: format!("整改方案应于{due}前报送"), link });
                    }
                }
            }
            // The office's letter or interview waiting on this organisation's answer.
            let steps = self.store.read().await?.conn().list_escalations(row.inspection.id).await?;
            if let Some(e) = steps.last().filter(|e| e.step == EscalationStep::Reminder) {
                out.push(Notice {
                    light: Light::Red,
                    text: format!(
                        "县委巡察办提醒:{name}有{}项整改事项逾期未完成,请抓紧整改",
                        e.red_items().map_or(0, |i| i.len())
                    ),
                    link: format!("/inspections/{}/plan", row.inspection.id),
                });
            }
            if let Some(e) = steps.iter().rev().find(|e| e.reply_by.is_some_and(|d| d >= today)) {
                let what = e.step.document().unwrap_or("督办");
                let due = e.reply_by.map(|d| d.to_string()).unwrap_or_default();
                out.push(Notice {
                    light: Light::Red,
                    text: format!("{name}收到{what}({}):请于{due}前完成逾期整改事项并书面报告", e.letter_number),
                    link: format!("/inspections/{}/plan", row.inspection.id),
                });
            }
            for (m, light) in &row.due {
                let when = m.deadline.map(|d| d.to_string()).unwrap_or_else(|| "立行立改".into());
                out.push(Notice {
                    light: *light,
                    text: format!("{name}:“{}”时限{when}", short(&m.content)),
                    link: format!("/measures/{}", m.id),
                });
            }
        }
        Ok(out)
    }

    /// A team's tips waiting, papers waiting for its deputy or leader, measures to verify.
    async fn team_notices(&self, actor: &Actor) -> AppResult<Vec<Notice>> {
        let mut out = Vec::new();
        let rows = self.team_home(actor).await?;
        let to_verify = self.store.read().await?.conn().awaiting_verification().await?;
        let mine = |id: &InspectionId| rows.iter().any(|r| r.inspection.id == *id);
        for v in to_verify.iter().filter(|v| mine(&v.inspection_id)) {
            out.push(verification_notice(v));
        }
        for row in rows {
            let name = &row.inspection.target_name;
            let link = format!("/inspections/{}", row.inspection.id);
            if row.pending_tips > 0 {
                out.push(Notice {
                    light: Light::None,
                    text: format!("{name}有{}件举报待处理", row.pending_tips),
                    link: format!("{link}/tips"),
                });
            }
            let pos = actor.position_in(row.inspection.team_id);
            if row.unsigned > 0 && matches!(pos, Some(TeamPosition::Leader | TeamPosition::Deputy)) {
                out.push(Notice {
                    light: Light::None,
                    text: format!("{name}有{}份问题底稿待审核", row.unsigned),
                    link,
                });
            }
        }
        // 随机抽查 the team was sent to check: red past the due date, yellow within a week.
        let today = self.today();
        for i in self.my_rechecks(actor).await?.items.into_iter().filter(|i| i.verdict.is_none()) {
            let days = (i.due_on - today).whole_days();
            let light = if days < 0 {
                Light::Red
            } else if days <= 7 {
                Light::Yellow
            } else {
                Light::None
            };
            let when = if days < 0 { format!("已逾期{}天", -days) } else { format!("应于{}前完成", i.due_on) };
            out.push(Notice {
                light,
                text: format!("随机抽查:{}:问题{}的整改措施待现场核查,{when}", i.target_name, i.problem_number),
                link: format!("/recheck-items/{}", i.id),
            });
        }
        Ok(out)
    }

    /// Transfers coming due, for the body that answers them (and the office that follows up).
    async fn transfer_notices(&self, actor: &Actor) -> AppResult<Vec<Notice>> {
        let mut out = Vec::new();
        // A receiving body reads its transfers on its home page; the office on the inspection's.
        let at_home = actor.reach() == Reach::FedBack;
        for t in self.list_transfers(actor, None).await? {
            if t.light != Light::None {
                out.push(Notice {
                    light: t.light,
                    text: format!(
                        "移交{}的{}应于{}前反馈办理结果",
                        t.transfer.body_name,
                        t.transfer.kind.label(),
                        t.transfer.due_date
                    ),
                    link: if at_home {
                        format!("/#t{}", t.transfer.id)
                    } else {
                        format!("/inspections/{}", t.transfer.inspection_id)
                    },
                });
            }
        }
        Ok(out)
    }
}

/// Measures an organisation reports done, for those who verify and close them.
fn verification_notice(v: &xuncha_store::OverdueCount) -> Notice {
    Notice {
        light: Light::None,
        text: format!("{}有{}条整改措施已报告完成,待核验销号", v.target_name, v.overdue),
        link: format!("/ledger?round={}&org={}&status=done", v.round_id, v.target_org_id),
    }
}

/// The first 24 characters of a text, for a one-line reminder.
fn short(s: &str) -> String {
    crate::views::first_chars(s, 24)
}

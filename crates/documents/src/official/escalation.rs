//! The letters of the 督办 ladder as .docx in the same GB/T 9704 layout: the 督办函 (a letter
//! asking an organisation to finish its overdue rectification by a date and report in writing)
//! and the 约谈告诫通知书 (its head called in and warned, with a final date). A batch is one
//! file, one letter per page, so that an office prints all of a round's letters at once.

use xuncha_app::escalations::EscalationLetter;
use xuncha_domain::escalation::EscalationStep;

use super::layout::{GovDoc, chinese_date};

/// The letters as one .docx, and the file name to offer ("谷前堡镇党委督办函.docx", or
/// "督办函(12份).docx" for a batch).
pub fn render_letters(letters: &[EscalationLetter]) -> Result<(Vec<u8>, String), String> {
    let mut doc = GovDoc::new();
    for (n, l) in letters.iter().enumerate() {
        if n > 0 {
            doc = doc.page_break();
        }
        doc = letter(doc, l);
    }
    let kind = letters.first().and_then(|l| l.step.step.document()).unwrap_or("督办函");
    let name = match letters {
        [one] => format!("{}{kind}.docx", one.target_name),
        many => format!("{kind}({}份).docx", many.len()),
    };
    Ok((doc.into_bytes()?, name))
}

/// The office that issues the letters: the committee's inspection office.
fn issuer(l: &EscalationLetter) -> String {
    let committee = if l.committee.is_empty() { "县委" } else { &l.committee };
    format!("{committee}巡察工作领导小组办公室")
}

fn letter(doc: GovDoc, l: &EscalationLetter) -> GovDoc {
    let s = &l.step;
    let interview = s.step == EscalationStep::Interview;
    let title = if interview {
        format!("关于对{}主要负责同志进行约谈告诫的通知", l.target_name)
    } else {
        format!("关于督促{}加快巡察整改工作的督办函", l.target_name)
    };
    let fed_back = match l.feedback_date {
        Some(d) => format!("{}于{}向你单位反馈巡察意见后", l.team_name, chinese_date(d)),
        None => format!("{}向你单位反馈巡察意见后", l.team_name),
    };
    let mut doc = doc.document_number(&s.letter_number).title(&title).addressee(&format!("{}:", l.target_name)).body(
        &format!("{fed_back},截至{},你单位仍有以下{}项整改事项超过时限未完成:", chinese_date(l.dated), s.items.len()),
    );
    let rows: Vec<Vec<String>> = s
        .items
        .iter()
        .enumerate()
        .map(|(n, item)| {
            vec![
                (n + 1).to_string(),
                item.subject.clone(),
                item.responsible.clone(),
                item.due.to_string(),
                format!("{}天", item.days_over),
            ]
        })
        .collect();
    // The text area is 156 mm wide (8844 twips).
    doc = doc.table(&["序号", "整改事项", "责任人", "整改时限", "逾期"], &rows, &[700, 4344, 1600, 1300, 900]);
    if !s.reason.trim().is_empty() {
        doc = doc.body(&s.reason);
    }
    let reply = s.reply_by.map(chinese_date).unwrap_or_else(|| "规定期限".into());
    let when = if s.interview_at_text.is_empty() {
        "约谈时间、地点另行通知。".to_string()
    } else {
        format!("约谈定于{}在{}进行,请主要负责同志准时参加。", s.interview_at_text, s.interview_place)
    };
    doc = if interview {
        doc.body(&format!(
            "经研究,决定对你单位党组织主要负责同志进行约谈告诫。{when}请你单位于{reply}前完成上述事项整改,并将整改情况书面报送{}。逾期仍未完成的,将移交纪检监察机关依规依纪依法严肃问责。",
            issuer(l)
        ))
    } else {
        doc.body(&format!(
            "请你单位切实履行整改主体责任,党组织书记亲自督促,对上述事项逐项落实,于{reply}前完成整改并将整改情况(附佐证材料)书面报送{}。逾期仍未完成的,将按规定对主要负责同志进行约谈告诫。",
            issuer(l)
        ))
    };
    doc.signature(&issuer(l), &chinese_date(l.dated))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};
    use xuncha_app::escalations::EscalationRecord;
    use xuncha_domain::escalation::{RedItem, RedKind};
    use xuncha_domain::id::*;

    fn letter_of(step: EscalationStep, target: &str) -> EscalationLetter {
        EscalationLetter {
            step: EscalationRecord {
                id: EscalationId::new(1),
                inspection_id: InspectionId::new(1),
                step,
                reason: "请高度重视。".into(),
                reply_by: Some(date!(2023 - 12 - 20)),
                items: vec![RedItem {
                    kind: RedKind::Measure,
                    subject: "问题2:完善村级财务公开制度\u{0}".into(),
                    due: date!(2023 - 11 - 30),
                    days_over: 5,
                    responsible: "李明;责任领导 张强".into(),
                    measure_id: Some(MeasureId::new(7)),
                }],
                letter_number: "督办〔2023〕1号".into(),
                batch_id: None,
                transfer_id: None,
                decided_by: UserId::new(2),
                decided_by_name: "王振华(县委巡察办主任)".into(),
                decided_at: datetime!(2023-12-05 01:30 UTC),
                decided_at_text: "2023年12月5日 09:30".into(),
                interview_at: String::new(),
                interview_at_text: String::new(),
                interview_place: String::new(),
            },
            committee: "中共天镇县委".into(),
            target_name: target.into(),
            team_name: "县委第一巡察组".into(),
            feedback_date: Some(date!(2023 - 09 - 28)),
            dated: date!(2023 - 12 - 05),
        }
    }

    fn text_of(bytes: &[u8]) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a .docx is a zip");
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
        xml
    }

    #[test]
    fn a_letter_names_its_number_items_date_and_issuer() {
        let (bytes, name) = render_letters(&[letter_of(EscalationStep::Letter, "谷前堡镇党委")]).unwrap();
        assert_eq!(name, "谷前堡镇党委督办函.docx");
        let xml = text_of(&bytes);
        for needle in [
            "督办〔2023〕1号",
            "关于督促谷前堡镇党委加快巡察整改工作的督办函",
            "谷前堡镇党委:",
            "截至2023年12月5日",
            "问题2:完善村级财务公开制度",
            "5天",
            "2023年12月20日前",
            "中共天镇县委巡察工作领导小组办公室",
        ] {
            assert!(xml.contains(needle), "{needle}");
        }
        assert!(!xml.contains('\u{0}'), "a control character never reaches the document");
    }

    #[test]
    fn a_batch_is_one_file_with_a_page_per_letter() {
        let letters = [
            letter_of(EscalationStep::Interview, "谷前堡镇党委"),
            letter_of(EscalationStep::Interview, "县审计局党组"),
        ];
        let (bytes, name) = render_letters(&letters).unwrap();
        assert_eq!(name, "约谈告诫通知书(2份).docx");
        let xml = text_of(&bytes);
        assert!(xml.contains("关于对县审计局党组主要负责同志进行约谈告诫的通知"));
        assert_eq!(xml.matches("w:type=\"page\"").count(), 1, "one page break between two letters");
        assert_eq!(xml.matches("约谈时间、地点另行通知").count(), 2, "no time fixed: it follows");
    }

    #[test]
    fn an_interview_notice_says_when_and_where_if_fixed() {
        let mut l = letter_of(EscalationStep::Interview, "谷前堡镇党委");
        l.step.interview_at = "2023-12-08 09:30".into();
        l.step.interview_at_text = "2023年12月8日9时30分".into();
        l.step.interview_place = "县委巡察办第一会议室".into();
        let xml = text_of(&render_letters(&[l]).unwrap().0);
        assert!(xml.contains("约谈定于2023年12月8日9时30分在县委巡察办第一会议室进行"), "{xml}");
        assert!(!xml.contains("另行通知"));
    }
}

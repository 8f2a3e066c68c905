//! What the public side may do: read open announcements and published disclosures, send a tip
//! and follow it with its receipt code. Nothing here needs or reveals an account.

use rand::Rng;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::Date;
use xuncha_domain::action::Action;
use xuncha_domain::error::Validator;
use xuncha_domain::id::*;
use xuncha_domain::inspection::tip_window_open;
use xuncha_domain::tip::{self, TipChannel, TipStatus};
use xuncha_store::NewTip;

use crate::views::{PublicAnnouncementRecord, PublicDisclosureRecord};

use crate::{Admission, App, AppError, AppResult, By};

#[derive(Debug, Deserialize)]
pub struct PublicTipInput {
    pub content: String,
    #[serde(default)]
    pub anonymous: bool,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub contact: String,
}

/// What a tipper (or commenter) sees when following a tip (or comment) by its receipt code: no
/// names, no internal reasons.
#[derive(Debug, Clone, Serialize)]
pub struct PublicTipStatus {
    /// "举报" or "评价".
    pub what: &'static str,
    pub received_on: Date,
    pub status: &'static str,
    pub reply: String,
    /// A published comment's disclosure, to link to.
    pub disclosure_id: Option<DisclosureId>,
}

pub(crate) fn receipt_hash(code: &str) -> String {
    hex::encode(Sha256::digest(format!("xuncha-receipt:{code}").as_bytes()))
}

/// A receipt code: 16 digits from the operating system's generator.
pub(crate) fn new_receipt_code() -> String {
    let mut rng = rand::rngs::OsRng;
    (0..16).map(|_| char::from(b'0' + rng.gen_range(0..10u8))).collect()
}

/// Digits only, with full-width digits, spaces and dashes forgiven.
pub fn normalise_code(code: &str) -> Option<String> {
    let digits: String = code
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            other => other,
        })
        .collect();
    (digits.len() == 16 && digits.chars().all(|c| c.is_ascii_digit())).then_some(digits)
}

/// The status as the public reads it.
fn public_status(s: TipStatus) -> &'static str {
    match s {
        TipStatus::Registered => "已收到,正在处理",
        TipStatus::Accepted => "已受理",
        TipStatus::Forwarded => "已转有关部门办理",
        TipStatus::NotAccepted => "不予受理",
    }
}

impl App {
    pub async fn open_announcements(&self) -> AppResult<Vec<PublicAnnouncementRecord>> {
        Ok(crate::views::all(self.store.read().await?.conn().open_announcements(self.today()).await?))
    }

    pub async fn public_disclosures(&self) -> AppResult<Vec<PublicDisclosureRecord>> {
        Ok(crate::views::all(self.store.read().await?.conn().public_disclosures().await?))
    }

    /// Takes a tip from the public form while the inspection's tip window is open, and answers
    /// with a receipt code shown once: 16 random digits, of which only a hash is kept.
    pub async fn submit_public_tip(&self, inspection_id: InspectionId, input: &PublicTipInput) -> AppResult<String> {
        tip::validate_tip(&input.content)?;
        let anonymous = input.anonymous || (input.name.trim().is_empty() && input.contact.trim().is_empty());
        if !anonymous {
            Validator::new()
                .max_chars("name", "姓名", &input.name, 50)
                .max_chars("contact", "联系方式", &input.contact, 100)
                .finish()?;
        }
        let today = self.today();
        let mut tx = self.write(By::Public).await?;
        let insp = tx.conn().get_inspection(inspection_id).await?.ok_or(AppError::NotFound)?;
        if !tip_window_open(insp.tip_window(), today) {
            return Err(AppError::State("该巡察的举报受理期间已结束或尚未开始".into()));
        }
        tx.admit(Admission::PublicTipWindow);
        let code = new_receipt_code();
        let id = tx
            .conn()
            .insert_tip(&NewTip {
                inspection_id,
                channel: TipChannel::Online,
                content: input.content.trim(),
                received_on: today,
                receipt_hash: Some(&receipt_hash(&code)),
            })
            .await?;
        let (name, contact) = if anonymous { ("", "") } else { (input.name.trim(), input.contact.trim()) };
        tx.conn().insert_tipper(id, anonymous, name, contact).await?;
        let tipper = xuncha_store::Tipper { tip_id: id, anonymous, name: name.into(), contact: contact.into() };
        let image = self.tip_image(input.content.trim(), &tipper);
        tx.record(Action::TipPublic, id, "收到网上举报", "{}", &image).await?;
        tx.commit().await?;
        Ok(code)
    }

    /// The sanitised status of a tip, or of a comment on a disclosure, by its receipt code (a
    /// comment registered as a tip is followed as the tip); an unknown or malformed code
    /// answers "not found" alike.
    pub async fn public_tip_status(&self, code: &str) -> AppResult<PublicTipStatus> {
        let code = normalise_code(code).ok_or(AppError::NotFound)?;
        let hash = receipt_hash(&code);
        if let Some(tip) = self.store.read().await?.conn().tip_by_receipt(&hash).await? {
            // A comment registered as a tip is followed as the tip it became.
            let from_comment = tip.channel == TipChannel::Comment;
            return Ok(PublicTipStatus {
                what: if from_comment { "评价(已转为举报办理)" } else { "举报" },
                received_on: tip.received_on,
                status: public_status(tip.status),
                reply: tip.reply,
                disclosure_id: None,
            });
        }
        let c = self.comment_receipt(&hash).await?.ok_or(AppError::NotFound)?;
        Ok(PublicTipStatus {
            what: "评价",
            received_on: c.received_on,
            status: c.status,
            reply: c.reply,
            disclosure_id: c.disclosure_id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::normalise_code;

    #[test]
    fn receipt_codes_forgive_spacing_and_full_width_digits() {
        assert_eq!(normalise_code("1234 5678-9012 3456").as_deref(), Some("1234567890123456"));
        assert_eq!(normalise_code("１２３４５６７８９０１２３４５６").as_deref(), Some("1234567890123456"));
        assert_eq!(normalise_code("123456789012345"), None);
        assert_eq!(normalise_code("12345678901234ab"), None);
    }
}

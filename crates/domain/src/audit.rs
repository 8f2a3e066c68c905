//! The audit trail's hash chain: each event's hash covers its own fields and the hash before it,
//! so an altered, inserted or removed event breaks the chain from that point on.
//!
//! A chain alone only proves consistency: whoever can write the database can delete the tail
//! and roll the head back, or rewrite events and rehash everything after them. So the chain is
//! also *sealed* with a key held outside the database: each write transaction that appends
//! events seals the new head (`HMAC-SHA256(key, seq, hash)`), and the latest sealed head is kept
//! in a file beside the key. Without the key no seal can be forged for a rewritten chain; without
//! write access to that file the head cannot be rolled back unnoticed; and an anchor printed and
//! kept elsewhere (`xuncha audit head`) catches a rollback by someone who has both.

use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The hash that precedes the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The fields of an event that the hash covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventFields<'a> {
    pub seq: i64,
    /// RFC 3339 timestamp as stored.
    pub at: &'a str,
    pub actor_id: Option<i64>,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<i64>,
    pub summary: &'a str,
    pub before: &'a str,
    pub after: &'a str,
}

/// The hash of an event given the hash of the one before it. Every field is length-prefixed so
/// that moving text from one field to the next changes the hash.
pub fn event_hash(prev_hash: &str, e: &EventFields<'_>) -> String {
    let mut h = Sha256::new();
    let actor = e.actor_id.map(|a| a.to_string()).unwrap_or_default();
    let entity_id = e.entity_id.map(|a| a.to_string()).unwrap_or_default();
    let seq = e.seq.to_string();
    for part in [prev_hash, &seq, e.at, &actor, e.action, e.entity, &entity_id, e.summary, e.before, e.after] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    hex::encode(h.finalize())
}

/// The seal of the head at `seq` whose hash is `hash`: HMAC-SHA256 under the audit key.
pub fn seal(key: &[u8], seq: i64, hash: &str) -> String {
    hex::encode(seal_mac(key, seq, hash).finalize().into_bytes())
}

/// Whether `sealed` is the seal of (`seq`, `hash`) under `key` (compared in constant time).
pub fn seal_matches(key: &[u8], seq: i64, hash: &str, sealed: &str) -> bool {
    hex::decode(sealed).is_ok_and(|bytes| seal_mac(key, seq, hash).verify_slice(&bytes).is_ok())
}

fn seal_mac(key: &[u8], seq: i64, hash: &str) -> Hmac<Sha256> {
    // HMAC takes a key of any length; `new_from_slice` cannot fail for it.
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
    mac.update(b"xuncha-audit-seal\0");
    mac.update(&seq.to_be_bytes());
    mac.update(hash.as_bytes());
    mac
}

/// A keyed digest of a text the trail may not hold (a tip's content, its tipper): it proves later
/// that the text is unchanged without revealing it to anyone who lacks the key.
pub fn text_seal(key: &[u8], label: &str, text: &str) -> String {
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
    mac.update(b"xuncha-text-seal\0");
    mac.update(label.as_bytes());
    mac.update(b"\0");
    mac.update(text.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// A sealed head as stored: in the database's seal table, or in the file beside the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedHead {
    pub seq: i64,
    pub hash: String,
    pub seal: String,
}

/// What the seals say about a chain whose links are already verified.
///
/// `seals` are the database's sealed heads in order, each with the chain's hash at that seq
/// (`None` when the chain has no such event); `head_seq` the chain's last event; `kept` the
/// head recorded outside the database (the file beside the key), if any.
pub fn check_seals(
    key: &[u8],
    seals: &[(SealedHead, Option<String>)],
    head_seq: i64,
    kept: Option<&SealedHead>,
) -> Result<(), ChainBreak> {
    for (s, chain_hash) in seals {
        if !seal_matches(key, s.seq, &s.hash, &s.seal) {
            return Err(ChainBreak::SealForged { seq: s.seq });
        }
        if chain_hash.as_deref() != Some(s.hash.as_str()) {
            return Err(ChainBreak::SealedEventChanged { seq: s.seq });
        }
    }
    let last_sealed = seals.last().map_or(0, |(s, _)| s.seq);
    if let Some(k) = kept {
        if !seal_matches(key, k.seq, &k.hash, &k.seal) {
            return Err(ChainBreak::SealForged { seq: k.seq });
        }
        if k.seq > head_seq {
            return Err(ChainBreak::RolledBack { kept_seq: k.seq, head_seq });
        }
        match seals.iter().find(|(s, _)| s.seq == k.seq) {
            Some((s, _)) if s.hash == k.hash => {}
            _ => return Err(ChainBreak::SealedEventChanged { seq: k.seq }),
        }
    }
    if head_seq > last_sealed && (last_sealed > 0 || kept.is_some()) {
        return Err(ChainBreak::Unsealed { after_seq: last_sealed });
    }
    Ok(())
}

/// Where a chain first breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainBreak {
    /// The event's stored hash does not match its fields.
    Altered { seq: i64 },
    /// The event does not point at the hash of the one before it.
    Unlinked { seq: i64 },
    /// Sequence numbers skip (an event was removed).
    Gap { expected: i64, found: i64 },
    /// The head records more events, or another last hash, than the table holds.
    Truncated { head_seq: i64, last_seq: i64 },
    /// A seal that the key did not make: the chain was rewritten and resealed without it.
    SealForged { seq: i64 },
    /// A sealed head no longer matches the chain's event at that seq: events were rewritten.
    SealedEventChanged { seq: i64 },
    /// Events after the last seal: written by something without the key, or the seals of the
    /// newest writes were removed.
    Unsealed { after_seq: i64 },
    /// The head kept outside the database is ahead of the chain: events were removed from the end.
    RolledBack { kept_seq: i64, head_seq: i64 },
    /// A printed anchor (`audit head`) does not match the chain.
    AnchorMismatch { seq: i64 },
    /// A record differs from its last state in the trail: it was changed behind the system.
    RowChanged { what: &'static str, id: i64 },
}

impl std::fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChainBreak::Altered { seq } => {
                write!(f, "第{seq}号审计事件的内容与其哈希不符(事件被改动)")
            }
            ChainBreak::Unlinked { seq } => {
                write!(f, "第{seq}号审计事件未指向前一事件的哈希(链条断开)")
            }
            ChainBreak::Gap { expected, found } => {
                write!(f, "审计事件序号不连续:应为第{expected}号,实为第{found}号(事件被删除)")
            }
            ChainBreak::Truncated { head_seq, last_seq } => {
                write!(f, "审计链头记录到第{head_seq}号事件,表中最后一条为第{last_seq}号(尾部事件被删除或改动)")
            }
            ChainBreak::SealForged { seq } => {
                write!(f, "第{seq}号事件处的封印不是由审计密钥生成的(审计链被改写后重新封印)")
            }
            ChainBreak::SealedEventChanged { seq } => {
                write!(f, "第{seq}号事件与封印时记录的哈希不符(已封印的事件被改写)")
            }
            ChainBreak::Unsealed { after_seq } => {
                write!(f, "第{after_seq}号事件之后的事件没有封印(由未持有审计密钥的程序写入,或封印被删除)")
            }
            ChainBreak::RolledBack { kept_seq, head_seq } => {
                write!(f, "库外保存的链头已到第{kept_seq}号事件,数据库只到第{head_seq}号(尾部事件被删除,链头被回滚)")
            }
            ChainBreak::AnchorMismatch { seq } => {
                write!(f, "第{seq}号事件与打印保存的链头锚点不符(审计链被改写或回滚)")
            }
            ChainBreak::RowChanged { what, id } => {
                write!(f, "{what}(编号{id})的当前内容与审计记录的最后状态不符(绕过系统被改动)")
            }
        }
    }
}

/// A stored event as read back for verification.
pub struct StoredEvent<'a> {
    pub fields: EventFields<'a>,
    pub prev_hash: &'a str,
    pub hash: &'a str,
}

/// Incremental chain check: feed events in sequence order, then `finish` with the head.
#[derive(Debug)]
pub struct ChainVerifier {
    expected_seq: i64,
    last_hash: String,
    pub checked: i64,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self { expected_seq: 1, last_hash: GENESIS.to_string(), checked: 0 }
    }
}

impl ChainVerifier {
    pub fn push(&mut self, e: &StoredEvent<'_>) -> Result<(), ChainBreak> {
        if e.fields.seq != self.expected_seq {
            return Err(ChainBreak::Gap { expected: self.expected_seq, found: e.fields.seq });
        }
        if e.prev_hash != self.last_hash {
            return Err(ChainBreak::Unlinked { seq: e.fields.seq });
        }
        if event_hash(e.prev_hash, &e.fields) != e.hash {
            return Err(ChainBreak::Altered { seq: e.fields.seq });
        }
        self.expected_seq += 1;
        self.last_hash = e.hash.to_string();
        self.checked += 1;
        Ok(())
    }

    /// Compares the end of the chain with the head (the last sequence number and hash).
    pub fn finish(&self, head_seq: i64, head_hash: &str) -> Result<(), ChainBreak> {
        let last_seq = self.expected_seq - 1;
        if head_seq != last_seq || head_hash != self.last_hash {
            return Err(ChainBreak::Truncated { head_seq, last_seq });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Owned {
        seq: i64,
        summary: String,
        prev: String,
        hash: String,
    }

    fn fields(o: &Owned) -> EventFields<'_> {
        EventFields {
            seq: o.seq,
            at: "2023-08-15T09:00:00Z",
            actor_id: Some(3),
            action: "measure.close",
            entity: "measure",
            entity_id: Some(o.seq * 10),
            summary: &o.summary,
            before: "{}",
            after: "{}",
        }
    }

    fn chain(n: i64) -> Vec<Owned> {
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|seq| {
                let mut o =
                    Owned { seq, summary: format!("销号第{seq}条措施"), prev: prev.clone(), hash: String::new() };
                o.hash = event_hash(&o.prev, &fields(&o));
                prev = o.hash.clone();
                o
            })
            .collect()
    }

    fn verify(events: &[Owned], head: (i64, &str)) -> Result<(), ChainBreak> {
        let mut v = ChainVerifier::default();
        for o in events {
            v.push(&StoredEvent { fields: fields(o), prev_hash: &o.prev, hash: &o.hash })?;
        }
        v.finish(head.0, head.1)
    }

    #[test]
    fn an_intact_chain_verifies() {
        let c = chain(5);
        assert_eq!(verify(&c, (5, &c[4].hash.clone())), Ok(()));
    }

    #[test]
    fn an_altered_event_is_named() {
        let mut c = chain(5);
        c[2].summary = "改动过的摘要".into();
        let head = c[4].hash.clone();
        assert_eq!(verify(&c, (5, &head)), Err(ChainBreak::Altered { seq: 3 }));
    }

    #[test]
    fn a_removed_event_is_found() {
        let mut c = chain(5);
        c.remove(1);
        let head = c[3].hash.clone();
        assert_eq!(verify(&c, (5, &head)), Err(ChainBreak::Gap { expected: 2, found: 3 }));
    }

    #[test]
    fn a_removed_last_event_is_found_through_the_head() {
        let mut c = chain(5);
        let head = c[4].hash.clone();
        c.pop();
        assert_eq!(verify(&c, (5, &head)), Err(ChainBreak::Truncated { head_seq: 5, last_seq: 4 }));
    }

    fn sealed(key: &[u8], c: &[Owned], at: &[i64]) -> Vec<(SealedHead, Option<String>)> {
        at.iter()
            .map(|&seq| {
                let hash = c[(seq - 1) as usize].hash.clone();
                (SealedHead { seq, seal: seal(key, seq, &hash), hash: hash.clone() }, Some(hash))
            })
            .collect()
    }

    const KEY: &[u8] = b"a key kept outside the database!";

    #[test]
    fn a_sealed_chain_verifies_and_its_kept_head_too() {
        let c = chain(6);
        let seals = sealed(KEY, &c, &[2, 5, 6]);
        let kept = seals[1].0.clone();
        assert_eq!(check_seals(KEY, &seals, 6, Some(&kept)), Ok(()));
        assert_eq!(check_seals(KEY, &seals, 6, None), Ok(()));
        assert!(seal_matches(KEY, 6, &c[5].hash, &seals[2].0.seal));
        assert!(!seal_matches(b"another key", 6, &c[5].hash, &seals[2].0.seal));
    }

    #[test]
    fn a_chain_rewritten_and_rehashed_without_the_key_is_caught() {
        // Whoever rewrites event 3 and rehashes the rest can reseal only with a key of their own.
        let c = chain(6);
        let mut forged = sealed(b"the attacker's own key", &c, &[2, 5, 6]);
        assert_eq!(check_seals(KEY, &forged, 6, None), Err(ChainBreak::SealForged { seq: 2 }));
        // Keeping the old seals instead: they no longer match the rewritten chain.
        forged = sealed(KEY, &c, &[2, 5, 6]);
        forged[1].1 = Some("rehashed".into());
        assert_eq!(check_seals(KEY, &forged, 6, None), Err(ChainBreak::SealedEventChanged { seq: 5 }));
    }

    #[test]
    fn a_rolled_back_head_is_caught_by_the_head_kept_outside() {
        let c = chain(6);
        let all = sealed(KEY, &c, &[2, 5, 6]);
        let kept = all[2].0.clone();
        // The last event and its seal deleted, the head rolled back to 5: consistent inside,
        let rolled = &all[..2];
        assert_eq!(check_seals(KEY, rolled, 5, None), Ok(()));
        // but not against the head kept beside the key.
        assert_eq!(check_seals(KEY, rolled, 5, Some(&kept)), Err(ChainBreak::RolledBack { kept_seq: 6, head_seq: 5 }));
    }

    #[test]
    fn events_written_without_the_key_are_unsealed() {
        let c = chain(6);
        assert_eq!(check_seals(KEY, &sealed(KEY, &c, &[2, 4]), 6, None), Err(ChainBreak::Unsealed { after_seq: 4 }));
        // A chain never sealed is only reported once sealing is known to have begun.
        assert_eq!(check_seals(KEY, &[], 6, None), Ok(()));
        let kept = sealed(KEY, &c, &[2]).remove(0).0;
        assert!(check_seals(KEY, &[], 6, Some(&kept)).is_err(), "all seals deleted");
    }

    #[test]
    fn moving_text_between_fields_changes_the_hash() {
        let a = EventFields {
            seq: 1,
            at: "t",
            actor_id: None,
            action: "ab",
            entity: "c",
            entity_id: None,
            summary: "",
            before: "",
            after: "",
        };
        let b = EventFields { action: "a", entity: "bc", ..a.clone() };
        assert_ne!(event_hash(GENESIS, &a), event_hash(GENESIS, &b));
    }
}

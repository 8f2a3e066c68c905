//! The audit trail's hash chain: each event's hash covers its own fields and the hash before it,
//! so an altered, inserted or removed event breaks the chain from that point on.

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

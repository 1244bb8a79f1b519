//! The audit log as a hash chain: who changed what, when, before and after.
//!
//! Each entry's hash is `SHA-256(previous hash || "\n" || canonical entry)`, where the
//! canonical entry is the JSON array of its fields in a fixed order. Changing, removing
//! or reordering any stored entry breaks every hash after it; [`Verifier`] walks the
//! chain and names the first bad entry. The store writes entries in the same
//! transaction as the change they record (see `store::write`). The head hash printed by
//! `habeas audit verify` can be kept outside the database to detect a rewrite of the
//! whole chain.

use sha2::{Digest, Sha256};

use crate::crypto::hex;

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One entry as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: i64,
    pub before: Option<String>,
    pub after: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// The hash an entry must carry, given the hash before it.
#[allow(clippy::too_many_arguments)]
pub fn entry_hash(
    prev_hash: &str,
    seq: i64,
    at: &str,
    actor: &str,
    action: &str,
    entity: &str,
    entity_id: i64,
    before: Option<&str>,
    after: Option<&str>,
) -> String {
    // A JSON array, compact, fields in this order. Serializing a tuple of strings and
    // numbers cannot fail; an empty canonical form would still break the chain loudly.
    let canonical = serde_json::to_vec(&(seq, at, actor, action, entity, entity_id, before, after))
        .unwrap_or_default();
    let mut h = Sha256::new();
    h.update(prev_hash.as_bytes());
    h.update(b"\n");
    h.update(&canonical);
    hex(&h.finalize())
}

impl Entry {
    pub fn expected_hash(&self) -> String {
        entry_hash(
            &self.prev_hash,
            self.seq,
            &self.at,
            &self.actor,
            &self.action,
            &self.entity,
            self.entity_id,
            self.before.as_deref(),
            self.after.as_deref(),
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("audit entry {seq} is bad: {reason}")]
pub struct ChainError {
    pub seq: i64,
    pub reason: String,
}

/// Checks entries one by one, in the order of their sequence numbers.
#[derive(Debug)]
pub struct Verifier {
    last_seq: i64,
    last_hash: String,
}

impl Default for Verifier {
    fn default() -> Self {
        Verifier {
            last_seq: 0,
            last_hash: GENESIS.to_string(),
        }
    }
}

impl Verifier {
    pub fn check(&mut self, e: &Entry) -> Result<(), ChainError> {
        let bad = |reason: String| Err(ChainError { seq: e.seq, reason });
        if e.seq != self.last_seq + 1 {
            return Err(ChainError {
                seq: self.last_seq + 1,
                reason: format!(
                    "it is missing: entry {} follows entry {}",
                    e.seq, self.last_seq
                ),
            });
        }
        if e.prev_hash != self.last_hash {
            return bad(
                "it does not follow the entry before it (removed, reordered or rewritten)".into(),
            );
        }
        if e.hash != e.expected_hash() {
            return bad("its content was altered after it was written".into());
        }
        self.last_seq = e.seq;
        self.last_hash = e.hash.clone();
        Ok(())
    }

    /// Compares the end of the walk with the head the store keeps.
    pub fn finish(self, head_seq: i64, head_hash: &str) -> Result<(i64, String), ChainError> {
        if head_seq != self.last_seq || head_hash != self.last_hash {
            return Err(ChainError {
                seq: self.last_seq + 1,
                reason: format!(
                    "the chain ends at entry {} but the head records entry {head_seq}: entries were removed from the end",
                    self.last_seq
                ),
            });
        }
        Ok((self.last_seq, self.last_hash))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<Entry> {
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|seq| {
                let after = Some(format!("{{\"n\":{seq}}}"));
                let hash = entry_hash(
                    &prev,
                    seq,
                    "2026-01-01T00:00:00Z",
                    "cli",
                    "create",
                    "person",
                    seq,
                    None,
                    after.as_deref(),
                );
                let e = Entry {
                    seq,
                    at: "2026-01-01T00:00:00Z".into(),
                    actor: "cli".into(),
                    action: "create".into(),
                    entity: "person".into(),
                    entity_id: seq,
                    before: None,
                    after,
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
                };
                prev = hash;
                e
            })
            .collect()
    }

    fn verify(
        entries: &[Entry],
        head_seq: i64,
        head_hash: &str,
    ) -> Result<(i64, String), ChainError> {
        let mut v = Verifier::default();
        for e in entries {
            v.check(e)?;
        }
        v.finish(head_seq, head_hash)
    }

    #[test]
    fn an_untouched_chain_verifies() {
        let c = chain(5);
        let head = c[4].hash.clone();
        assert_eq!(verify(&c, 5, &head).unwrap().0, 5);
    }

    #[test]
    fn altering_removing_or_reordering_names_the_first_bad_entry() {
        let c = chain(5);
        let head = c[4].hash.clone();

        let mut altered = c.clone();
        altered[2].after = Some("{\"n\":99}".into());
        assert_eq!(verify(&altered, 5, &head).unwrap_err().seq, 3);

        let mut removed = c.clone();
        removed.remove(1);
        let err = verify(&removed, 5, &head).unwrap_err();
        assert_eq!(err.seq, 2);
        assert!(err.reason.contains("missing"), "{err}");

        let mut swapped = c.clone();
        swapped.swap(1, 2);
        (swapped[1].seq, swapped[2].seq) = (2, 3);
        assert_eq!(verify(&swapped, 5, &head).unwrap_err().seq, 2);

        let truncated = &c[..4];
        assert_eq!(verify(truncated, 5, &head).unwrap_err().seq, 5);
    }
}

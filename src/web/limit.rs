//! A per-address rate limit for public forms ("I sent a letter"). Addresses are kept
//! only in memory, and only as a salted hash (the salt is random per process), for
//! the length of one window: nothing about a visitor is stored.

use std::collections::HashMap;
use std::sync::Mutex;

use sha2::{Digest, Sha256};

use crate::store::StoreError;

/// Addresses tracked before the ones whose window has passed are dropped.
const MAX_KEYS: usize = 100_000;

pub struct PerAddress {
    salt: [u8; 16],
    max: u32,
    window: i64,
    seen: Mutex<HashMap<u64, (i64, u32)>>,
}

impl PerAddress {
    /// At most `max` per address in `window` seconds.
    pub fn new(max: u32, window: i64) -> Result<PerAddress, StoreError> {
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt)
            .map_err(|e| StoreError::Corrupt(format!("no randomness: {e}")))?;
        Ok(PerAddress {
            salt,
            max,
            window,
            seen: Mutex::new(HashMap::new()),
        })
    }

    fn key(&self, addr: &str) -> u64 {
        let digest = Sha256::new()
            .chain_update(self.salt)
            .chain_update(addr.as_bytes())
            .finalize();
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        u64::from_le_bytes(first)
    }

    /// Counts one request from `addr` at `now`; `false` (and nothing counted) when
    /// the address has used its allowance in the current window.
    pub fn allow(&self, addr: &str, now: i64) -> bool {
        let key = self.key(addr);
        let Ok(mut seen) = self.seen.lock() else {
            return false;
        };
        if seen.len() >= MAX_KEYS {
            let window = self.window;
            seen.retain(|_, (start, _)| now - *start < window);
        }
        let entry = seen.entry(key).or_insert((now, 0));
        if now - entry.0 >= self.window {
            *entry = (now, 0);
        }
        if entry.1 >= self.max {
            return false;
        }
        entry.1 += 1;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_address_has_its_own_allowance_per_window() {
        let limit = PerAddress::new(3, 3600).unwrap_or_else(|_| unreachable!());
        for _ in 0..3 {
            assert!(limit.allow("192.0.2.1", 100));
        }
        assert!(!limit.allow("192.0.2.1", 200));
        assert!(limit.allow("192.0.2.2", 200));
        // A new window starts an hour after the first request of the last one.
        assert!(limit.allow("192.0.2.1", 3_700));
    }
}

//! Login throttling that slows the attacker, not the account (OWASP Authentication
//! Cheat Sheet, "Account lockout"; "Slow Down Online Guessing Attacks with Device
//! Cookies").
//!
//! Failed attempts are counted per key, and a key past its free failures is refused
//! for 1 minute, then 2, 4 ... up to an hour; a key with no failure for an hour starts
//! again. Which keys an attempt counts against depends on who is asking:
//!
//! - A browser holding a **device cookie** for this login (set after a successful
//!   login, signed with a key derived from the key file) counts only against that
//!   cookie. A flood from anywhere else never locks the owner's known browsers.
//! - Any other client counts against its **address** (so one address cannot keep
//!   guessing) and against the login's **untrusted** key, which allows many more
//!   failures: it stops a guess spread over many addresses, while the owner's known
//!   browsers still get in.
//!
//! Refused attempts are not verified and not counted, so a flood costs no hashing.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::crypto::{hex, hmac_sha256, same_mac, unhex};

/// Failures allowed per address or device before refusals start.
pub const FREE_FAILURES: u32 = 10;
/// Failures from clients without a device cookie allowed per login: enough that one
/// flooding address (refused after ten) cannot reach it alone.
pub const FREE_UNTRUSTED_FAILURES: u32 = 50;
/// A key with no failure for this long starts counting again.
const FORGET_AFTER: i64 = 3600;
/// Keys kept before the ones not currently refused are dropped.
const MAX_KEYS: usize = 100_000;
/// Device cookies last a year.
pub const DEVICE_MAX_AGE: i64 = 365 * 24 * 3600;

#[derive(Debug, Clone, Copy, Default)]
struct Count {
    failures: u32,
    refused_until: i64,
    last_failure: i64,
}

pub struct Throttle {
    counts: Mutex<HashMap<String, Count>>,
    device_key: [u8; 32],
}

/// What one attempt counts against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keys(Vec<String>);

impl Throttle {
    /// `device_key` signs device cookies; derived from the key file, so cookies
    /// survive restarts (a random one when no key is loaded).
    pub fn new(device_key: [u8; 32]) -> Throttle {
        Throttle {
            counts: Mutex::new(HashMap::new()),
            device_key,
        }
    }

    /// The keys of an attempt on `login` from `client`, with the request's device
    /// cookie for that login, if any.
    pub fn keys(&self, login: &str, client: &str, device: Option<&str>) -> Keys {
        match device.and_then(|d| self.device_id(login, d)) {
            Some(id) => Keys(vec![format!("device:{id}")]),
            None => Keys(vec![format!("addr:{client}"), format!("untrusted:{login}")]),
        }
    }

    /// Seconds to wait before this attempt may be made, if it is refused.
    pub fn refused_for(&self, keys: &Keys, now: i64) -> Option<i64> {
        let counts = self.counts.lock().ok()?;
        keys.0
            .iter()
            .filter_map(|k| counts.get(k))
            .map(|c| c.refused_until - now)
            .filter(|w| *w > 0)
            .max()
    }

    /// Counts a failed attempt against each of its keys.
    pub fn failed(&self, keys: &Keys, now: i64) {
        let Ok(mut counts) = self.counts.lock() else {
            return;
        };
        if counts.len() >= MAX_KEYS {
            counts.retain(|_, c| c.refused_until > now);
        }
        for k in &keys.0 {
            let free = if k.starts_with("untrusted:") {
                FREE_UNTRUSTED_FAILURES
            } else {
                FREE_FAILURES
            };
            let c = counts.entry(k.clone()).or_default();
            if now - c.last_failure >= FORGET_AFTER {
                *c = Count::default();
            }
            c.failures += 1;
            c.last_failure = now;
            if c.failures >= free {
                let over = (c.failures - free).min(6);
                c.refused_until = now + 60 * (1_i64 << over);
            }
        }
    }

    /// A successful login clears its device's count; address and untrusted counts
    /// stay (an attacker with an account of their own must not reset them).
    pub fn succeeded(&self, keys: &Keys) {
        if let Ok(mut counts) = self.counts.lock() {
            for k in keys.0.iter().filter(|k| k.starts_with("device:")) {
                counts.remove(k);
            }
        }
    }

    /// A new device cookie value for `login`: a random id and its signature.
    pub fn new_device(&self, login: &str) -> Option<String> {
        let mut id = [0u8; 16];
        getrandom::fill(&mut id).ok()?;
        let id = hex(&id);
        let mac = self.device_mac(login, &id);
        Some(format!("{id}.{}", hex(&mac)))
    }

    /// The device id of a cookie value, if it was signed here for this login.
    fn device_id(&self, login: &str, value: &str) -> Option<String> {
        let (id, mac) = value.split_once('.')?;
        let mac = unhex(mac)?;
        same_mac(&mac, &self.device_mac(login, id)).then(|| id.to_string())
    }

    fn device_mac(&self, login: &str, id: &str) -> [u8; 32] {
        hmac_sha256(
            &self.device_key,
            format!("device\0{login}\0{id}").as_bytes(),
        )
    }
}

/// The name of the device cookie for `login` (one per account a browser uses).
pub fn device_cookie_name(login: &str) -> String {
    format!("habeas_device_{login}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flood_from_one_address_refuses_that_address_only() {
        let t = Throttle::new([7; 32]);
        let attacker = t.keys("admin", "203.0.113.9", None);
        let mut refused = 0;
        for n in 0..2000 {
            if t.refused_for(&attacker, 1000 + n).is_some() {
                refused += 1;
            } else {
                t.failed(&attacker, 1000 + n);
            }
        }
        assert!(refused > 1900, "{refused}");
        assert!(
            t.refused_for(&t.keys("admin", "198.51.100.4", None), 3000)
                .is_none()
        );
        let known = t.new_device("admin").unwrap();
        let from_same_address = t.keys("admin", "203.0.113.9", Some(&known));
        assert!(t.refused_for(&from_same_address, 3000).is_none());
    }

    #[test]
    fn a_guess_spread_over_addresses_stops_new_browsers_but_not_known_ones() {
        let t = Throttle::new([7; 32]);
        for a in 0..FREE_UNTRUSTED_FAILURES {
            t.failed(&t.keys("admin", &format!("10.0.0.{a}"), None), 100);
        }
        assert!(
            t.refused_for(&t.keys("admin", "192.0.2.1", None), 101)
                .is_some()
        );
        assert!(
            t.refused_for(&t.keys("other", "192.0.2.1", None), 101)
                .is_none()
        );
        let known = t.new_device("admin").unwrap();
        assert!(
            t.refused_for(&t.keys("admin", "192.0.2.1", Some(&known)), 101)
                .is_none()
        );
    }

    #[test]
    fn device_cookies_are_bound_to_their_login_and_key() {
        let t = Throttle::new([7; 32]);
        let cookie = t.new_device("leyla").unwrap();
        assert!(t.device_id("leyla", &cookie).is_some());
        assert!(t.device_id("admin", &cookie).is_none(), "another login");
        assert!(
            Throttle::new([8; 32]).device_id("leyla", &cookie).is_none(),
            "another key"
        );
        let (id, _) = cookie.split_once('.').unwrap();
        assert!(
            t.device_id("leyla", &format!("{id}.00")).is_none(),
            "forged"
        );
        assert!(t.device_id("leyla", "garbage").is_none());
    }

    #[test]
    fn refusals_grow_and_are_forgotten_after_a_quiet_hour() {
        let t = Throttle::new([7; 32]);
        let k = t.keys("leyla", "192.0.2.1", None);
        for _ in 0..FREE_FAILURES {
            t.failed(&k, 0);
        }
        assert_eq!(t.refused_for(&k, 0), Some(60));
        t.failed(&k, 60);
        assert_eq!(t.refused_for(&k, 60), Some(120));
        t.failed(&k, 60 + FORGET_AFTER);
        assert_eq!(t.refused_for(&k, 60 + FORGET_AFTER), None, "counting again");
    }
}

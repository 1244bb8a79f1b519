//! Two-factor authentication: time-based one-time passwords (TOTP, RFC 6238: HMAC-SHA1,
//! 30-second steps, 6 digits, as every authenticator app expects) and one-time recovery
//! codes. Pure functions of the secret and the time; the caller reads the clock and
//! remembers the last step used, so a code works once.

use hmac::{Hmac, KeyInit, Mac};

use super::{SecretError, random_bytes, token_digest};

/// Seconds per step.
pub const STEP: i64 = 30;
/// Steps either side of now that are accepted, for clocks that drift.
const DRIFT: i64 = 1;
pub const RECOVERY_CODES: usize = 10;
const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// A new 160-bit secret (RFC 4226 recommends 160 bits for HMAC-SHA1).
pub fn new_secret() -> Result<[u8; 20], SecretError> {
    random_bytes::<20>()
}

/// RFC 4648 base32 without padding: how authenticator apps take a secret.
pub fn base32(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for b in bytes {
        buffer = (buffer << 8) | u32::from(*b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(BASE32[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(BASE32[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// The inverse of [`base32`]; `None` for a character outside the alphabet.
pub fn unbase32(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.bytes().filter(|c| !matches!(c, b' ' | b'-' | b'=')) {
        let v = BASE32.iter().position(|b| *b == c.to_ascii_uppercase())?;
        buffer = (buffer << 5) | v as u32;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    Some(out)
}

/// The code for one step, with `digits` digits (RFC 4226 dynamic truncation).
pub fn code_at(secret: &[u8], step: i64, digits: u32) -> u32 {
    let Ok(mut mac) = Hmac::<sha1::Sha1>::new_from_slice(secret) else {
        return u32::MAX;
    };
    mac.update(&step.to_be_bytes());
    let h = mac.finalize().into_bytes();
    let offset = usize::from(h[h.len() - 1] & 0x0f);
    let bin = (u32::from(h[offset] & 0x7f) << 24)
        | (u32::from(h[offset + 1]) << 16)
        | (u32::from(h[offset + 2]) << 8)
        | u32::from(h[offset + 3]);
    bin % 10u32.pow(digits)
}

/// The step a time falls in.
pub fn step_of(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP)
}

/// The step whose 6-digit code `typed` is, if it is within the drift of `now` and
/// later than `last_step` (a code already used is refused).
pub fn check(secret: &[u8], typed: &str, now: i64, last_step: i64) -> Option<i64> {
    let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if typed.len() != 6 || !typed.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let code: u32 = typed.parse().ok()?;
    let now = step_of(now);
    (now - DRIFT..=now + DRIFT)
        .filter(|s| *s > last_step)
        .find(|s| code_at(secret, *s, 6) == code)
}

/// The `otpauth://` address an authenticator app reads (typed in, or as a QR code).
pub fn otpauth_uri(issuer: &str, login: &str, secret_b32: &str) -> String {
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => {
                    char::from(b).to_string()
                }
                other => format!("%{other:02X}"),
            })
            .collect()
    };
    format!(
        "otpauth://totp/{}:{}?secret={secret_b32}&issuer={}&algorithm=SHA1&digits=6&period=30",
        enc(issuer),
        enc(login),
        enc(issuer)
    )
}

/// Ten recovery codes (`xxxx-xxxx-xxxx-xxxx`, 80 bits each, shown once) and the
/// digests to store.
pub fn recovery_codes() -> Result<Vec<(String, String)>, SecretError> {
    (0..RECOVERY_CODES)
        .map(|_| {
            let text = base32(&random_bytes::<10>()?).to_ascii_lowercase();
            let code = text
                .as_bytes()
                .chunks(4)
                .map(|c| String::from_utf8_lossy(c).to_string())
                .collect::<Vec<_>>()
                .join("-");
            let digest = recovery_digest(&code);
            Ok((code, digest))
        })
        .collect()
}

/// The stored form of a recovery code, however it was typed (case, dashes, spaces).
pub fn recovery_digest(typed: &str) -> String {
    let plain: String = typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    token_digest(&format!("recovery:{plain}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 rows: the 8-digit codes at six times.
    #[test]
    fn codes_match_the_rfc_6238_test_vectors() {
        let secret = b"12345678901234567890";
        for (t, code) in [
            (59, 94287082),
            (1111111109, 7081804),
            (1111111111, 14050471),
            (1234567890, 89005924),
            (2000000000, 69279037),
            (20000000000, 65353130),
        ] {
            assert_eq!(code_at(secret, step_of(t), 8), code, "t = {t}");
        }
        assert_eq!(code_at(secret, step_of(59), 6), 287082);
    }

    #[test]
    fn a_code_is_accepted_once_within_the_drift() {
        let secret = b"12345678901234567890";
        let now = 1111111111;
        let code = format!("{:06}", code_at(secret, step_of(now), 6));
        let step = check(secret, &code, now, 0).unwrap();
        assert_eq!(step, step_of(now));
        assert_eq!(check(secret, &code, now, step), None, "used once");
        assert!(
            check(secret, &code, now + STEP, 0).is_some(),
            "one step late is fine"
        );
        assert_eq!(check(secret, &code, now + 3 * STEP, 0), None, "too late");
        assert_eq!(check(secret, "12345", now, 0), None);
        assert_eq!(check(secret, "abcdef", now, 0), None);
    }

    #[test]
    fn base32_round_trips_and_matches_rfc_4648() {
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(
            base32(b"12345678901234567890"),
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        );
        assert_eq!(unbase32("mzxw 6ytb-oi").unwrap(), b"foobar");
        assert_eq!(unbase32("MZ1"), None);
    }

    #[test]
    fn recovery_codes_are_distinct_and_digest_however_typed() {
        let codes = recovery_codes().unwrap();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let (code, digest) = &codes[0];
        assert_eq!(code.len(), 19, "{code}");
        assert_eq!(
            &recovery_digest(&code.to_uppercase().replace('-', " ")),
            digest
        );
        let mut all: Vec<&String> = codes.iter().map(|(c, _)| c).collect();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), RECOVERY_CODES);
        assert!(
            otpauth_uri("habeas", "leyla", "ABC")
                .starts_with("otpauth://totp/habeas:leyla?secret=ABC")
        );
    }
}

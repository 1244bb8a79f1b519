//! The key file and the sealing of restricted values.
//!
//! Restricted fields are encrypted with XChaCha20-Poly1305 under a 256-bit key kept in a
//! key file outside the database (created by `habeas init`, mode 0600). Each ciphertext
//! is bound to its place (table, row, column) through the associated data, so a sealed
//! value copied into another row or column does not open. The sealed form names the key
//! it was made with (the first bytes of the key's SHA-256), so a wrong key is reported
//! as such rather than as damage.

use std::fmt;
use std::fs;
use std::io::Write;
use std::path::Path;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use sha2::{Digest, Sha256};

const KEY_PREFIX: &str = "habeas-key-v1:";
const SEALED_PREFIX: &str = "sealed:v1:";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    #[error("restricted data is locked: no key file at {0} (give --key-file or HABEAS_KEY_FILE)")]
    NoKey(String),
    #[error(
        "restricted data was sealed with key {sealed_with}, but the key file holds key {loaded}: wrong key file"
    )]
    WrongKey { sealed_with: String, loaded: String },
    #[error("a restricted value at {0} is damaged or was moved from another place")]
    Damaged(String),
    #[error("the key file {path} cannot be used: {reason}")]
    KeyFile { path: String, reason: String },
}

/// The key that seals and opens restricted values. Its bytes never print.
pub struct Keyring {
    cipher: XChaCha20Poly1305,
    id: String,
    /// The root of keys for other purposes (see [`Keyring::subkey`]); not the key.
    derive: [u8; 32],
}

impl fmt::Debug for Keyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Keyring(key {})", self.id)
    }
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

pub fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// HMAC-SHA256 (RFC 2104).
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    use hmac::{KeyInit as _, Mac};
    // HMAC takes a key of any length, so this never fails.
    let mut mac = match <hmac::Hmac<Sha256>>::new_from_slice(key) {
        Ok(m) => m,
        Err(_) => return [0; 32],
    };
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// Whether two MACs are equal, in time that does not depend on where they differ.
pub fn same_mac(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Where a sealed value lives: it is authenticated together with the value.
pub fn place(table: &str, row: i64, column: &str) -> String {
    format!("{table}/{row}/{column}")
}

pub fn is_sealed(stored: &str) -> bool {
    stored.starts_with(SEALED_PREFIX)
}

impl Keyring {
    fn from_bytes(bytes: &[u8]) -> Option<Keyring> {
        let cipher = XChaCha20Poly1305::new_from_slice(bytes).ok()?;
        let id = hex(&Sha256::digest(bytes)[..6]);
        let derive = hmac_sha256(bytes, b"habeas subkeys v1");
        Some(Keyring { cipher, id, derive })
    }

    /// A 256-bit key for one purpose (`"audit"`, `"tokens"`, `"login-devices"`),
    /// derived from the key file with HMAC-SHA256 as a PRF (the expand step of HKDF,
    /// RFC 5869): each purpose gets an independent key, and none reveals the sealing
    /// key or another purpose's key.
    pub fn subkey(&self, purpose: &str) -> [u8; 32] {
        hmac_sha256(&self.derive, purpose.as_bytes())
    }

    /// A fresh random key.
    pub fn generate() -> Result<(Keyring, String), CryptoError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| CryptoError::KeyFile {
            path: String::new(),
            reason: format!("no randomness from the operating system: {e}"),
        })?;
        let text = format!("{KEY_PREFIX}{}\n", hex(&bytes));
        let ring = Keyring::from_bytes(&bytes).ok_or_else(|| CryptoError::KeyFile {
            path: String::new(),
            reason: "key of the wrong length".into(),
        })?;
        Ok((ring, text))
    }

    /// Creates a key file readable by its owner only; refuses to overwrite one.
    pub fn create_file(path: &Path) -> Result<Keyring, CryptoError> {
        let err = |reason: String| CryptoError::KeyFile {
            path: path.display().to_string(),
            reason,
        };
        let (ring, text) = Keyring::generate()?;
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(path).map_err(|e| err(e.to_string()))?;
        file.write_all(text.as_bytes())
            .map_err(|e| err(e.to_string()))?;
        file.sync_all().map_err(|e| err(e.to_string()))?;
        Ok(ring)
    }

    /// Reads a key file; `Ok(None)` when there is none.
    pub fn load(path: &Path) -> Result<Option<Keyring>, CryptoError> {
        let err = |reason: &str| CryptoError::KeyFile {
            path: path.display().to_string(),
            reason: reason.to_string(),
        };
        let text = match fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(err(&e.to_string())),
        };
        let hex_key = text
            .trim()
            .strip_prefix(KEY_PREFIX)
            .ok_or_else(|| err("not a habeas key file"))?;
        let bytes = unhex(hex_key)
            .filter(|b| b.len() == 32)
            .ok_or_else(|| err("the key is not 64 hex digits"))?;
        Keyring::from_bytes(&bytes)
            .map(Some)
            .ok_or_else(|| err("the key is not 64 hex digits"))
    }

    /// A short public fingerprint of the key, stored beside the data it sealed.
    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn seal(&self, plaintext: &str, place: &str) -> Result<String, CryptoError> {
        let mut nonce = [0u8; 24];
        getrandom::fill(&mut nonce).map_err(|e| CryptoError::KeyFile {
            path: String::new(),
            reason: format!("no randomness from the operating system: {e}"),
        })?;
        let sealed = self
            .cipher
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: plaintext.as_bytes(),
                    aad: place.as_bytes(),
                },
            )
            .map_err(|_| CryptoError::Damaged(place.to_string()))?;
        Ok(format!(
            "{SEALED_PREFIX}{}:{}{}",
            self.id,
            hex(&nonce),
            hex(&sealed)
        ))
    }

    pub fn open(&self, stored: &str, place: &str) -> Result<String, CryptoError> {
        let damaged = || CryptoError::Damaged(place.to_string());
        let body = stored.strip_prefix(SEALED_PREFIX).ok_or_else(damaged)?;
        let (key_id, rest) = body.split_once(':').ok_or_else(damaged)?;
        if key_id != self.id {
            return Err(CryptoError::WrongKey {
                sealed_with: key_id.to_string(),
                loaded: self.id.clone(),
            });
        }
        let bytes = unhex(rest).filter(|b| b.len() > 24).ok_or_else(damaged)?;
        let (nonce, ciphertext) = bytes.split_at(24);
        let nonce: [u8; 24] = nonce.try_into().map_err(|_| damaged())?;
        let plain = self
            .cipher
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: ciphertext,
                    aad: place.as_bytes(),
                },
            )
            .map_err(|_| damaged())?;
        String::from_utf8(plain).map_err(|_| damaged())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_in_their_place_with_their_key() {
        let (ring, _) = Keyring::generate().unwrap();
        let here = place("people", 7, "contacts");
        let sealed = ring.seal("+994 50 000 00 00", &here).unwrap();
        // The hex of random bytes can hold "994" by chance (about 1 run in 40), so
        // look for the text itself.
        assert!(!sealed.contains("+994 50"));
        assert!(is_sealed(&sealed));
        assert_eq!(ring.open(&sealed, &here).unwrap(), "+994 50 000 00 00");
        assert_eq!(
            ring.open(&sealed, &place("people", 8, "contacts")),
            Err(CryptoError::Damaged("people/8/contacts".into()))
        );
        let (other, _) = Keyring::generate().unwrap();
        assert!(matches!(
            other.open(&sealed, &here),
            Err(CryptoError::WrongKey { .. })
        ));
    }

    #[test]
    fn subkeys_differ_by_purpose_and_follow_the_key() {
        let (ring, text) = Keyring::generate().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k");
        fs::write(&path, text).unwrap();
        let again = Keyring::load(&path).unwrap().unwrap();
        assert_eq!(ring.subkey("audit"), again.subkey("audit"));
        assert_ne!(ring.subkey("audit"), ring.subkey("tokens"));
        let (other, _) = Keyring::generate().unwrap();
        assert_ne!(ring.subkey("audit"), other.subkey("audit"));
        // RFC 4231, test case 2.
        assert_eq!(
            hex(&hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert!(same_mac(b"abc", b"abc") && !same_mac(b"abc", b"abd") && !same_mac(b"ab", b"abc"));
    }

    #[test]
    fn key_files_are_private_and_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("habeas.key");
        let ring = Keyring::create_file(&path).unwrap();
        let loaded = Keyring::load(&path).unwrap().unwrap();
        assert_eq!(ring.id(), loaded.id());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
        assert!(
            Keyring::create_file(&path).is_err(),
            "an existing key is never overwritten"
        );
        assert!(Keyring::load(&dir.path().join("none")).unwrap().is_none());
        fs::write(dir.path().join("bad"), "hello").unwrap();
        assert!(Keyring::load(&dir.path().join("bad")).is_err());
    }
}

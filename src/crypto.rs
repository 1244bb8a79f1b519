//! The key file and the sealing of restricted values.
//!
//! Restricted fields are encrypted with XChaCha20-Poly1305 under a 256-bit key kept in a
//! key file outside the database (created by `habeas init`, mode 0600). Each ciphertext
//! is bound to its place (table, row, column) through the associated data, so a sealed
//! value copied into another row or column does not open. The sealed form names the key
//! it was made with (the first bytes of the key's SHA-256), so a wrong key is reported
//! as such rather than as damage.
//!
//! The key file may be protected by a passphrase: the 256-bit key is then stored
//! wrapped (XChaCha20-Poly1305) under a key derived from the passphrase with Argon2id
//! (RFC 9106; 64 MiB, 3 passes), so a seized laptop holding the database and the key
//! file still yields nothing without the passphrase.

use std::fmt;
use std::fs;
use std::io::Write;
use std::path::Path;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use sha2::{Digest, Sha256};

const KEY_PREFIX: &str = "habeas-key-v1:";
/// A key file protected by a passphrase: `habeas-key-v2:argon2id:m=..,t=..,p=..:SALT:WRAPPED`.
const WRAPPED_PREFIX: &str = "habeas-key-v2:argon2id:";
/// Argon2id costs for new protected key files: memory (KiB), passes, lanes. RFC 9106's
/// second recommended option uses 64 MiB; about a quarter second here, once per start.
const KDF_COSTS: (u32, u32, u32) = (64 * 1024, 3, 1);
/// The shortest passphrase accepted.
pub const MIN_PASSPHRASE_CHARS: usize = 12;
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
    #[error(
        "the key file {0} is protected by a passphrase: give it at the prompt, with --passphrase-fd N, or in HABEAS_KEY_PASSPHRASE"
    )]
    Locked(String),
    #[error("the passphrase does not open the key file {0}")]
    WrongPassphrase(String),
}

impl CryptoError {
    /// The key is missing, locked or not this database's: sealed values read as
    /// locked (`None`) rather than as damage.
    pub fn is_no_key(&self) -> bool {
        matches!(
            self,
            CryptoError::NoKey(_)
                | CryptoError::WrongKey { .. }
                | CryptoError::Locked(_)
                | CryptoError::WrongPassphrase(_)
        )
    }
}

/// The key that seals and opens restricted values. Its bytes never print.
pub struct Keyring {
    cipher: XChaCha20Poly1305,
    /// The key itself, kept to write the key file again (protect, unprotect).
    bytes: [u8; 32],
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

/// The key-encryption key for a passphrase: Argon2id over the passphrase and salt.
fn passphrase_key(
    passphrase: &str,
    salt: &[u8],
    (m, t, p): (u32, u32, u32),
) -> Result<[u8; 32], &'static str> {
    let params = argon2::Params::new(m, t, p, Some(32)).map_err(|_| "bad Argon2id costs")?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = [0u8; 32];
    argon
        .hash_password_into(passphrase.as_bytes(), salt, &mut out)
        .map_err(|_| "Argon2id failed")?;
    Ok(out)
}

/// `m=..,t=..,p=..:SALT:NONCE+CIPHERTEXT`, the key wrapped under the passphrase.
fn wrap_key(key: &[u8; 32], passphrase: &str) -> Result<String, CryptoError> {
    let err = |reason: &str| CryptoError::KeyFile {
        path: String::new(),
        reason: reason.to_string(),
    };
    let mut salt = [0u8; 16];
    let mut nonce = [0u8; 24];
    getrandom::fill(&mut salt).map_err(|_| err("no randomness from the operating system"))?;
    getrandom::fill(&mut nonce).map_err(|_| err("no randomness from the operating system"))?;
    let kek = passphrase_key(passphrase, &salt, KDF_COSTS).map_err(err)?;
    let cipher = XChaCha20Poly1305::new_from_slice(&kek).map_err(|_| err("bad key length"))?;
    let wrapped = cipher
        .encrypt(
            &XNonce::from(nonce),
            Payload {
                msg: key,
                aad: WRAPPED_PREFIX.as_bytes(),
            },
        )
        .map_err(|_| err("wrapping failed"))?;
    let (m, t, p) = KDF_COSTS;
    Ok(format!(
        "m={m},t={t},p={p}:{}:{}{}",
        hex(&salt),
        hex(&nonce),
        hex(&wrapped)
    ))
}

/// The key inside a wrapped key file. `Err(None)`: the passphrase is wrong (or the
/// file was altered); `Err(Some(reason))`: the file cannot be read.
fn unwrap_key(wrapped: &str, passphrase: &str) -> Result<[u8; 32], Option<&'static str>> {
    let mut parts = wrapped.split(':');
    let (Some(costs), Some(salt), Some(body), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Some(
            "a protected key file has three parts after its prefix",
        ));
    };
    let cost = |name: &str| -> Option<u32> {
        costs
            .split(',')
            .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
            .and_then(|v| v.parse().ok())
    };
    let costs = match (cost("m"), cost("t"), cost("p")) {
        // Bounded, so a forged file cannot make habeas allocate without end.
        (Some(m), Some(t), Some(p)) if m <= 4 * 1024 * 1024 && t <= 64 && p <= 16 => (m, t, p),
        _ => return Err(Some("the Argon2id costs are missing or out of bounds")),
    };
    let salt = unhex(salt).ok_or(Some("the salt is not hex"))?;
    let body = unhex(body)
        .filter(|b| b.len() == 24 + 32 + 16)
        .ok_or(Some("the wrapped key has the wrong length"))?;
    let (nonce, sealed) = body.split_at(24);
    let nonce: [u8; 24] = nonce.try_into().map_err(|_| Some("bad nonce"))?;
    let kek = passphrase_key(passphrase, &salt, costs).map_err(Some)?;
    let cipher = XChaCha20Poly1305::new_from_slice(&kek).map_err(|_| Some("bad key length"))?;
    let key = cipher
        .decrypt(
            &XNonce::from(nonce),
            Payload {
                msg: sealed,
                aad: WRAPPED_PREFIX.as_bytes(),
            },
        )
        .map_err(|_| None)?;
    key.try_into().map_err(|_| Some("the key is not 32 bytes"))
}

/// Writes `text` to a new file at `path` (never over one), readable by its owner only,
/// and syncs it.
fn create_private(path: &Path, text: &str) -> std::io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
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
        Some(Keyring {
            cipher,
            bytes: bytes.try_into().ok()?,
            id,
            derive,
        })
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
        create_private(path, &text).map_err(|e| err(e.to_string()))?;
        Ok(ring)
    }

    /// Reads a key file that has no passphrase; `Ok(None)` when there is none.
    pub fn load(path: &Path) -> Result<Option<Keyring>, CryptoError> {
        Keyring::load_with(path, None)
    }

    /// Whether the key file at `path` is protected by a passphrase (`None`: no file).
    pub fn is_protected(path: &Path) -> Result<Option<bool>, CryptoError> {
        match fs::read_to_string(path) {
            Ok(t) => Ok(Some(t.trim_start().starts_with(WRAPPED_PREFIX))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(CryptoError::KeyFile {
                path: path.display().to_string(),
                reason: e.to_string(),
            }),
        }
    }

    /// Reads a key file, opening a protected one with `passphrase`; `Ok(None)` when
    /// there is no file.
    pub fn load_with(
        path: &Path,
        passphrase: Option<&str>,
    ) -> Result<Option<Keyring>, CryptoError> {
        let shown = path.display().to_string();
        let err = |reason: &str| CryptoError::KeyFile {
            path: shown.clone(),
            reason: reason.to_string(),
        };
        let text = match fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(err(&e.to_string())),
        };
        if let Some(wrapped) = text.trim().strip_prefix(WRAPPED_PREFIX) {
            let passphrase = passphrase.ok_or_else(|| CryptoError::Locked(shown.clone()))?;
            let bytes = unwrap_key(wrapped, passphrase).map_err(|bad| {
                bad.map_or_else(|| CryptoError::WrongPassphrase(shown.clone()), &err)
            })?;
            return Keyring::from_bytes(&bytes)
                .map(Some)
                .ok_or_else(|| err("the key is not 32 bytes"));
        }
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

    /// Writes this key to `path`, replacing what is there in one step (a new file
    /// beside it, synced, then renamed over it): wrapped under `passphrase` when given,
    /// plain otherwise. Readable by its owner only.
    pub fn write_file(&self, path: &Path, passphrase: Option<&str>) -> Result<(), CryptoError> {
        let err = |reason: String| CryptoError::KeyFile {
            path: path.display().to_string(),
            reason,
        };
        let text = match passphrase {
            Some(p) => {
                if p.chars().count() < MIN_PASSPHRASE_CHARS {
                    return Err(err(format!(
                        "a passphrase needs at least {MIN_PASSPHRASE_CHARS} characters"
                    )));
                }
                format!("{WRAPPED_PREFIX}{}\n", wrap_key(&self.bytes, p)?)
            }
            None => format!("{KEY_PREFIX}{}\n", hex(&self.bytes)),
        };
        let temp = path.with_extension("key-new");
        let _ = fs::remove_file(&temp);
        create_private(&temp, &text).map_err(|e| err(e.to_string()))?;
        fs::rename(&temp, path).map_err(|e| err(e.to_string()))?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && let Ok(d) = fs::File::open(dir)
        {
            let _ = d.sync_all();
        }
        Ok(())
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
    fn a_protected_key_file_opens_only_with_its_passphrase() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("habeas.key");
        let ring = Keyring::create_file(&path).unwrap();
        let plain = fs::read_to_string(&path).unwrap();
        ring.write_file(&path, Some("correct horse battery"))
            .unwrap();
        let text = fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("habeas-key-v2:argon2id:m=65536,t=3,p=1:"),
            "{text}"
        );
        let key_hex = plain.trim().strip_prefix(KEY_PREFIX).unwrap();
        assert!(
            !text.contains(key_hex),
            "the key is not in the file in clear"
        );
        assert_eq!(Keyring::is_protected(&path).unwrap(), Some(true));
        assert!(matches!(Keyring::load(&path), Err(CryptoError::Locked(_))));
        assert!(matches!(
            Keyring::load_with(&path, Some("wrong horse battery")),
            Err(CryptoError::WrongPassphrase(_))
        ));
        let opened = Keyring::load_with(&path, Some("correct horse battery"))
            .unwrap()
            .unwrap();
        assert_eq!(opened.id(), ring.id());
        let here = place("people", 1, "contacts");
        assert_eq!(
            opened.open(&ring.seal("x", &here).unwrap(), &here).unwrap(),
            "x"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
        // A changed byte in the wrapped key is refused, not opened to another key.
        let mut bytes = text.into_bytes();
        let last = bytes.len() - 2;
        bytes[last] = if bytes[last] == b'0' { b'1' } else { b'0' };
        fs::write(&path, &bytes).unwrap();
        assert!(Keyring::load_with(&path, Some("correct horse battery")).is_err());
        // Unprotecting writes the plain form back.
        opened.write_file(&path, None).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), plain);
        assert!(
            opened.write_file(&path, Some("short")).is_err(),
            "too short"
        );
        let forged = format!("{WRAPPED_PREFIX}m=99999999,t=3,p=1:00:00");
        fs::write(&path, forged).unwrap();
        assert!(matches!(
            Keyring::load_with(&path, Some("correct horse battery")),
            Err(CryptoError::KeyFile { .. })
        ));
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

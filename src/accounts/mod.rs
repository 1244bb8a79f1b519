//! Secrets that let staff in: password hashing with Argon2id, generated passwords, and
//! API tokens. Only hashes are ever stored (see `store::accounts`); a generated
//! password or token is shown once, by the command that made it.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use sha2::{Digest, Sha256};

use crate::crypto::hex;
use crate::domain::Password;

pub mod totp;

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("no randomness from the operating system: {0}")]
    Random(String),
    #[error("cannot hash the password: {0}")]
    Hash(String),
}

/// An Argon2id PHC string (`$argon2id$v=19$m=...`) with a fresh random salt, using
/// the crate's defaults (RFC 9106's second recommended option: 19 MiB, 2 passes).
pub fn hash_password(password: &Password) -> Result<String, SecretError> {
    Argon2::default()
        .hash_password(password.expose().as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| SecretError::Hash(e.to_string()))
}

/// Whether `password` matches `phc`. A damaged `phc` is simply no match; callers make
/// unknown logins cost the same by verifying against a real dummy hash.
pub fn verify_password(password: &str, phc: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), phc)
        .is_ok()
}

pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N], SecretError> {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).map_err(|e| SecretError::Random(e.to_string()))?;
    Ok(b)
}

/// A password to hand out: 20 characters from an alphabet without look-alikes
/// (about 110 bits).
pub fn generate_password() -> Result<Password, SecretError> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let bytes = random_bytes::<20>()?;
    let text: String = bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect();
    Password::parse(&text).map_err(|e| SecretError::Hash(e.to_string()))
}

/// A new API token (`hb_` and 64 hex digits) and the digest to store for it.
pub fn new_token() -> Result<(String, String), SecretError> {
    let token = format!("hb_{}", hex(&random_bytes::<32>()?));
    let digest = token_digest(&token);
    Ok((token, digest))
}

/// The stored form of a token: tokens are long and random, so a plain SHA-256 is
/// enough (no salt or stretching needed to resist guessing).
pub fn token_digest(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let p = Password::parse("correct horse battery staple").unwrap();
        let phc = hash_password(&p).unwrap();
        assert!(phc.starts_with("$argon2id$"), "{phc}");
        assert!(verify_password("correct horse battery staple", &phc));
        assert!(!verify_password("correct horse battery stapl", &phc));
        assert!(!verify_password("anything", "not a hash"));
        assert_ne!(phc, hash_password(&p).unwrap(), "a fresh salt each time");
    }

    #[test]
    fn generated_secrets_are_long_and_distinct() {
        let a = generate_password().unwrap();
        assert_eq!(a.expose().chars().count(), 20);
        assert_ne!(a.expose(), generate_password().unwrap().expose());
        let (token, digest) = new_token().unwrap();
        assert!(token.starts_with("hb_") && token.len() == 67);
        assert_eq!(digest, token_digest(&token));
        assert!(!digest.contains(&token[3..]));
    }
}

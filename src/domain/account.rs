//! Staff accounts and what each role may do: one policy table that every route and
//! command consults.

use std::fmt;

use super::person::vocabulary;
use super::{DomainError, Level};

vocabulary!(Role, "role", {
    Admin => "admin",
    Editor => "editor",
    Reviewer => "reviewer",
    Campaigner => "campaigner",
    Viewer => "viewer",
});

/// What a staff member can ask to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Create and edit people, cases, events and sources.
    EditRecord,
    /// Accept or reject proposed updates from ingested articles.
    ReviewProposals,
    /// Create and run urgent actions.
    EditCampaigns,
    /// Add, disable and reset accounts; issue API tokens for others.
    ManageUsers,
    /// Read the whole audit log and its verification.
    ReadAuditLog,
}

impl Action {
    pub const ALL: [Action; 5] = [
        Action::EditRecord,
        Action::ReviewProposals,
        Action::EditCampaigns,
        Action::ManageUsers,
        Action::ReadAuditLog,
    ];
}

/// The policy, as one table: the widest level each role reads, and the actions it may
/// take. Restricted data (contacts, sealed notes) is for admins and editors, the roles
/// that hold a family's trust; everyone on staff reads internal data.
pub const POLICY: &[(Role, Level, &[Action])] = &[
    (Role::Admin, Level::Restricted, &Action::ALL),
    (Role::Editor, Level::Restricted, &[Action::EditRecord]),
    (Role::Reviewer, Level::Internal, &[Action::ReviewProposals]),
    (Role::Campaigner, Level::Internal, &[Action::EditCampaigns]),
    (Role::Viewer, Level::Internal, &[]),
];

impl Role {
    fn policy(self) -> (Level, &'static [Action]) {
        POLICY
            .iter()
            .find(|(r, _, _)| *r == self)
            .map_or((Level::Public, &[][..]), |(_, l, a)| (*l, *a))
    }

    /// The widest confidentiality level this role may read.
    pub fn reads(self) -> Level {
        self.policy().0
    }

    pub fn may(self, action: Action) -> bool {
        self.policy().1.contains(&action)
    }

    /// Whether someone with this role may hand `other` to a token or account: admins
    /// any role, others only their own or viewer.
    pub fn may_grant(self, other: Role) -> bool {
        self == Role::Admin || other == self || other == Role::Viewer
    }
}

/// A login name: 3 to 64 characters of lower-case letters, digits, `.`, `_` and `-`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Login(String);

impl Login {
    pub fn parse(input: &str) -> Result<Login, DomainError> {
        let login = input.trim().to_ascii_lowercase();
        let ok = (3..=64).contains(&login.len())
            && login.starts_with(|c: char| c.is_ascii_alphanumeric())
            && login
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c));
        if ok {
            Ok(Login(login))
        } else {
            Err(DomainError::Invalid {
                field: "login",
                reason: format!("'{input}' must be 3 to 64 letters, digits, '.', '_' or '-'"),
            })
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Login {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A new password: long enough to resist guessing (OWASP ASVS 2.1.1 asks for 12). Its
/// text never prints.
pub struct Password(String);

impl Password {
    pub const MIN_CHARS: usize = 12;
    pub const MAX_CHARS: usize = 256;

    pub fn parse(input: &str) -> Result<Password, DomainError> {
        let n = input.chars().count();
        if !(Self::MIN_CHARS..=Self::MAX_CHARS).contains(&n) {
            return Err(DomainError::Invalid {
                field: "password",
                reason: format!(
                    "a password has {} to {} characters (this one has {n})",
                    Self::MIN_CHARS,
                    Self::MAX_CHARS
                ),
            });
        }
        Ok(Password(input.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_table_gives_each_role_its_reach() {
        assert_eq!(Role::Admin.reads(), Level::Restricted);
        assert_eq!(Role::Editor.reads(), Level::Restricted);
        for r in [Role::Reviewer, Role::Campaigner, Role::Viewer] {
            assert_eq!(r.reads(), Level::Internal, "{r}");
        }
        assert!(Action::ALL.iter().all(|a| Role::Admin.may(*a)));
        assert!(Role::Editor.may(Action::EditRecord) && !Role::Editor.may(Action::ManageUsers));
        assert!(
            Role::Reviewer.may(Action::ReviewProposals) && !Role::Reviewer.may(Action::EditRecord)
        );
        assert!(
            Role::Campaigner.may(Action::EditCampaigns)
                && !Role::Campaigner.may(Action::EditRecord)
        );
        assert!(Action::ALL.iter().all(|a| !Role::Viewer.may(*a)));
        assert!(
            Role::ALL
                .iter()
                .all(|r| POLICY.iter().any(|(p, _, _)| p == r)),
            "every role has a row"
        );
        assert!(Role::Editor.may_grant(Role::Viewer) && !Role::Editor.may_grant(Role::Admin));
    }

    #[test]
    fn logins_and_passwords_are_checked_and_passwords_never_print() {
        assert_eq!(Login::parse(" Leyla.M ").unwrap().as_str(), "leyla.m");
        assert!(Login::parse("ab").is_err());
        assert!(Login::parse("leyla m").is_err());
        assert!(Login::parse("-leyla").is_err());
        assert!(
            Password::parse("short")
                .unwrap_err()
                .to_string()
                .contains("12 to 256")
        );
        let p = Password::parse("correct horse battery").unwrap();
        assert_eq!(format!("{p:?}"), "Password(..)");
    }
}

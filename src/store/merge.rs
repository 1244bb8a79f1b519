//! Merging two records of one person (found by the name matcher, confirmed by a
//! reviewer): the kept person gains every spelling, category and affiliation of the
//! other, and the fields it lacks; the other's cases move to it with their events and
//! sources; the other record is then removed. All in one audited transaction: the
//! kept person and each moved case get an update entry, the removed person an entry
//! with no `after`, which tells `audit verify` its row is gone on purpose.

use sqlx::AssertSqlSafe;
use sqlx::Row;

use super::read::{NAMES_SQL, PEOPLE_SQL, name_from_row, person_from_row};
use super::write::{Stamp, Writer};
use super::{Store, StoreError};
use crate::domain::{DomainError, Level, NameKind, NewPerson, Person, PersonId};

impl Writer<'_> {
    /// A person as stored, with their names, read inside the write.
    pub(super) async fn person_in_tx(&mut self, id: PersonId) -> Result<Person, StoreError> {
        let row = self
            .fetch_optional(
                sqlx::query(AssertSqlSafe(format!("{PEOPLE_SQL} WHERE id = $1"))).bind(id.0),
            )
            .await?
            .ok_or(StoreError::NotFound {
                entity: "person",
                id: id.0,
            })?;
        let names_sql = format!("{NAMES_SQL} WHERE person_id = $1 ORDER BY position");
        let rows = self
            .fetch_all(sqlx::query(AssertSqlSafe(names_sql)).bind(id.0))
            .await?;
        let mut names = Vec::new();
        for r in &rows {
            if let (_, Some(n)) = name_from_row(r, self.keys())? {
                names.push(n);
            }
        }
        person_from_row(&row, names, self.keys())
    }

    async fn merge_people(&mut self, keep: PersonId, other: PersonId) -> Result<(), StoreError> {
        if keep == other {
            return Err(DomainError::Invalid {
                field: "merge",
                reason: format!("person {keep} cannot be merged with itself"),
            }
            .into());
        }
        // Both records must be fully readable: sealed values would be lost otherwise.
        let (other_before, _, _) = self.before_edit("person", other.0).await?;
        self.before_edit("person", keep.0).await?;
        let kept = self.person_in_tx(keep).await?.data;
        let gone = self.person_in_tx(other).await?.data;
        let unsealed_cases_move = gone.level != Level::Restricted;
        let merged = merged(kept, gone);
        let level = merged.level;
        self.update_person(keep, &merged).await?;

        let cases = self
            .fetch_all(
                sqlx::query("SELECT id FROM cases WHERE person_id = $1 ORDER BY id").bind(other.0),
            )
            .await?;
        for r in cases {
            let case: i64 = r.try_get("id")?;
            let (before, _, _) = self.before_edit("case", case).await?;
            // The stored form changes in one value: the person it belongs to.
            let from = format!("\"person_id\":{},", other.0);
            let to = format!("\"person_id\":{},", keep.0);
            if !before.contains(&from) {
                return Err(StoreError::Corrupt(format!(
                    "case {case} does not name person {other}"
                )));
            }
            let after = before.replacen(&from, &to, 1);
            self.execute(
                sqlx::query("UPDATE cases SET person_id = $1 WHERE id = $2")
                    .bind(keep.0)
                    .bind(case),
            )
            .await?;
            self.audit("update", "case", case, Some(before), after)
                .await?;
        }
        // Cases that were not sealed now belong to a restricted person: seal them.
        if level == Level::Restricted && unsealed_cases_move {
            self.reseal_person(keep, level).await?;
        }
        self.execute(sqlx::query("DELETE FROM person_names WHERE person_id = $1").bind(other.0))
            .await?;
        self.execute(sqlx::query("DELETE FROM people WHERE id = $1").bind(other.0))
            .await?;
        self.audit_removal(
            &format!("merge-into-{keep}"),
            "person",
            other.0,
            other_before,
        )
        .await
    }
}

/// The kept person with what the other adds: spellings not yet held (as aliases and
/// transliterations after the kept legal name), categories and affiliations, fields the
/// kept one lacks, and the stricter of the two levels.
fn merged(mut keep: NewPerson, other: NewPerson) -> NewPerson {
    for (i, mut n) in other.names.into_iter().enumerate() {
        if keep.names.iter().any(|k| k.text == n.text) {
            continue;
        }
        if i == 0 && n.kind == NameKind::Legal && !keep.names.is_empty() {
            n.kind = NameKind::Alias;
        }
        keep.names.push(n);
    }
    for c in other.categories {
        if !keep.categories.contains(&c) {
            keep.categories.push(c);
        }
    }
    for a in other.affiliations {
        if !keep.affiliations.contains(&a) {
            keep.affiliations.push(a);
        }
    }
    keep.birth_year = keep.birth_year.or(other.birth_year);
    keep.gender = keep.gender.or(other.gender);
    keep.country = keep.country.or(other.country);
    keep.bio = keep.bio.or(other.bio);
    keep.notes = keep.notes.or(other.notes);
    keep.contacts = keep.contacts.or(other.contacts);
    keep.level = keep.level.max(other.level);
    keep
}

impl Store {
    /// Merges person `other` into person `keep` (see the module's notes).
    pub async fn merge_people(
        &self,
        stamp: &Stamp,
        keep: PersonId,
        other: PersonId,
    ) -> Result<(), StoreError> {
        let mut w = Writer::begin(self, stamp).await?;
        w.merge_people(keep, other).await?;
        w.commit_and_scrub(self).await
    }
}

//! Articles read by ingest and the registry updates proposed from them (issue 5,
//! step 6). Storing an article writes its source (audited, like any source), the
//! article text, and one pending proposal per finding; nothing else changes. A
//! reviewer's accept writes the event (and the person and case when new) through the
//! same writer as every other record, in one audited transaction with the proposal's
//! new state; a reject records the reason and changes no record.

use serde::Serialize;
use sqlx::Row;

use crate::domain::{
    CaseId, Charge, Country, DomainError, EventId, EventKind, Level, NameKind, NameText, NewCase,
    NewEvent, NewPerson, NewSource, PartialDate, PersonId, PersonName, SourceId,
};
use crate::ingest::Article;
use crate::ingest::findings::Finding;
use crate::search::Candidate;

use super::write::{Stamp, Writer};
use super::{Store, StoreError};

/// An article to store, with the best registry candidate of each finding (in the
/// order of `article.people`).
pub struct NewArticle<'a> {
    /// The path or address it was read from.
    pub origin: &'a str,
    pub url: Option<String>,
    pub article: &'a Article,
    pub candidates: &'a [Option<Candidate>],
    /// The level of its source and of the records an accepted proposal creates.
    pub level: Level,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredArticle {
    pub article_id: i64,
    pub source_id: SourceId,
    pub proposals: Vec<i64>,
    /// The same text was stored before: nothing was written.
    pub duplicate: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ProposalState {
    Pending,
    Accepted,
    Rejected,
}

impl ProposalState {
    fn as_str(self) -> &'static str {
        match self {
            ProposalState::Pending => "pending",
            ProposalState::Accepted => "accepted",
            ProposalState::Rejected => "rejected",
        }
    }

    fn parse(s: &str) -> Result<ProposalState, StoreError> {
        match s {
            "pending" => Ok(ProposalState::Pending),
            "accepted" => Ok(ProposalState::Accepted),
            "rejected" => Ok(ProposalState::Rejected),
            other => Err(StoreError::Corrupt(format!("proposal state {other:?}"))),
        }
    }
}

impl std::str::FromStr for ProposalState {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<ProposalState, DomainError> {
        ProposalState::parse(s).map_err(|_| DomainError::Invalid {
            field: "state",
            reason: format!("'{s}' is not pending, accepted or rejected"),
        })
    }
}

/// A proposal with what a reviewer needs to decide it.
#[derive(Debug, Clone, Serialize)]
pub struct Proposal {
    pub id: i64,
    pub article_id: i64,
    pub source_id: SourceId,
    pub title: Option<String>,
    /// The level of the article's source: who may read the proposal, and the level
    /// of the records accepting it creates.
    pub source_level: Level,
    pub origin: String,
    /// The country the article is about.
    pub country: Option<Country>,
    /// The article's date, else the day it was read: what it reports held by then.
    pub dated: Option<PartialDate>,
    pub finding: Finding,
    pub person_id: Option<PersonId>,
    pub score: Option<f64>,
    pub decision: Option<String>,
    pub state: ProposalState,
    pub reason: Option<String>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<String>,
    pub event_id: Option<EventId>,
    pub created_at: String,
}

/// What a reviewer may add when accepting: the person to attach the finding to (else
/// the candidate the matcher decided "same", else a new person), a date when the
/// article gives none, and the arrest date when a new case must be opened for an
/// event other than an arrest. Without them, what the article gives is all that is
/// recorded: an event it tells of without a date happened on or before the article's
/// day (`..2026-06-12`), and so did the arrest that opened a case it tells of.
#[derive(Debug, Clone, Default)]
pub struct Acceptance {
    pub person: Option<PersonId>,
    pub new_person: bool,
    pub date: Option<PartialDate>,
    pub arrested: Option<PartialDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Accepted {
    /// The event's date as recorded (`..2026-06-12` when the article gave none).
    pub date: PartialDate,
    pub person: PersonId,
    pub created_person: bool,
    pub case: CaseId,
    pub created_case: bool,
    pub event: EventId,
}

fn refused(reason: impl Into<String>) -> StoreError {
    StoreError::Invalid(DomainError::Invalid {
        field: "proposal",
        reason: reason.into(),
    })
}

fn json<T: Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

const SELECT: &str = "SELECT p.id, p.article_id, a.source_id, s.title, s.level AS source_level, \
    a.origin, a.country, s.published, s.retrieved, p.finding, p.person_id, p.score, p.decision, p.state, p.reason, \
    p.reviewed_by, p.reviewed_at, p.event_id, p.created_at FROM proposals p \
    JOIN articles a ON a.id = p.article_id JOIN sources s ON s.id = a.source_id";

fn proposal_of(row: &sqlx::any::AnyRow) -> Result<Proposal, StoreError> {
    let finding: String = row.try_get("finding")?;
    let score: Option<String> = row.try_get("score")?;
    Ok(Proposal {
        id: row.try_get("id")?,
        article_id: row.try_get("article_id")?,
        source_id: SourceId(row.try_get("source_id")?),
        title: row.try_get("title")?,
        source_level: row
            .try_get::<String, _>("source_level")?
            .parse()
            .map_err(|e| StoreError::Corrupt(format!("source level: {e}")))?,
        origin: row.try_get("origin")?,
        country: row
            .try_get::<Option<String>, _>("country")?
            .and_then(|c| c.parse().ok()),
        dated: match row.try_get::<Option<String>, _>("published")? {
            Some(p) => Some(p),
            None => row.try_get("retrieved")?,
        }
        .and_then(|d| PartialDate::parse(&d).ok()),
        finding: serde_json::from_str(&finding)
            .map_err(|e| StoreError::Corrupt(format!("proposal finding: {e}")))?,
        person_id: row.try_get::<Option<i64>, _>("person_id")?.map(PersonId),
        score: score.and_then(|s| s.parse().ok()),
        decision: row.try_get("decision")?,
        state: ProposalState::parse(&row.try_get::<String, _>("state")?)?,
        reason: row.try_get("reason")?,
        reviewed_by: row.try_get("reviewed_by")?,
        reviewed_at: row.try_get("reviewed_at")?,
        event_id: row.try_get::<Option<i64>, _>("event_id")?.map(EventId),
        created_at: row.try_get("created_at")?,
    })
}

impl Store {
    /// Stores an article, its source and a pending proposal per finding, in one
    /// transaction. The same main text stored before writes nothing.
    pub async fn add_article(
        &self,
        stamp: &Stamp,
        new: &NewArticle<'_>,
    ) -> Result<StoredArticle, StoreError> {
        let article = new.article;
        let digest = &article.digest;
        let mut w = Writer::begin(self, stamp).await?;
        let existing = sqlx::query("SELECT id, source_id FROM articles WHERE digest = $1")
            .bind(digest)
            .fetch_optional(&mut **w.tx().await?)
            .await?;
        if let Some(row) = existing {
            let article_id: i64 = row.try_get("id")?;
            let ids = sqlx::query("SELECT id FROM proposals WHERE article_id = $1 ORDER BY id")
                .bind(article_id)
                .fetch_all(&mut **w.tx().await?)
                .await?
                .iter()
                .map(|r| r.try_get::<i64, _>("id"))
                .collect::<Result<Vec<_>, _>>()?;
            return Ok(StoredArticle {
                article_id,
                source_id: SourceId(row.try_get("source_id")?),
                proposals: ids,
                duplicate: true,
            });
        }
        let excerpt: String = article.text.chars().take(500).collect();
        let source = NewSource {
            url: new.url.clone(),
            title: article.title.clone(),
            publisher: article.publisher.clone(),
            published: article
                .published
                .map(|d| PartialDate::with_precision(d, crate::domain::Precision::Day)),
            retrieved: Some(stamp.today),
            language: None,
            excerpt: Some(excerpt),
            reliability: crate::domain::Reliability::Unknown,
            level: new.level,
        };
        let source_id = w.source(&source).await?;
        w.flush().await?;
        let article_id = w.next_row_id("articles").await?;
        sqlx::query(
            "INSERT INTO articles (id, source_id, origin, digest, text, country, organisations, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(article_id)
        .bind(source_id.0)
        .bind(new.origin)
        .bind(digest)
        .bind(&article.text)
        .bind(article.country.clone())
        .bind(json(&article.organisations)?)
        .bind(&stamp.at)
        .execute(&mut **w.tx().await?)
        .await?;
        let mut proposals = Vec::with_capacity(article.people.len());
        for (i, finding) in article.people.iter().enumerate() {
            let id = w.next_row_id("proposals").await?;
            let candidate = new.candidates.get(i).and_then(Option::as_ref);
            sqlx::query(
                "INSERT INTO proposals (id, article_id, finding, person_id, score, decision, state, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7)",
            )
            .bind(id)
            .bind(article_id)
            .bind(json(finding)?)
            .bind(candidate.map(|c| c.person_id.0))
            .bind(candidate.map(|c| format!("{:.3}", c.score)))
            .bind(candidate.map(|c| format!("{:?}", c.decision).to_lowercase()))
            .bind(&stamp.at)
            .execute(&mut **w.tx().await?)
            .await?;
            w.audit_access(
                "create",
                "proposal",
                id,
                serde_json::json!({ "article": article_id, "state": "pending" }),
            )
            .await?;
            proposals.push(id);
        }
        w.commit().await?;
        Ok(StoredArticle {
            article_id,
            source_id,
            proposals,
            duplicate: false,
        })
    }

    /// Proposals, oldest first, in one state or all.
    pub async fn proposals(
        &self,
        state: Option<ProposalState>,
        limit: i64,
    ) -> Result<Vec<Proposal>, StoreError> {
        let sql = match state {
            Some(_) => format!("{SELECT} WHERE p.state = $1 ORDER BY p.id LIMIT $2"),
            None => format!("{SELECT} ORDER BY p.id LIMIT $1"),
        };
        let query = sqlx::query(sqlx::AssertSqlSafe(sql));
        let query = match state {
            Some(s) => query.bind(s.as_str()).bind(limit),
            None => query.bind(limit),
        };
        query
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(proposal_of)
            .collect()
    }

    /// One proposal.
    pub async fn proposal(&self, id: i64) -> Result<Proposal, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE p.id = $1")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound {
                entity: "proposal",
                id,
            })?;
        proposal_of(&row)
    }

    /// The repaired text of an article, for a reviewer to read beside its proposals.
    pub async fn article_text(&self, article: i64) -> Result<String, StoreError> {
        Ok(sqlx::query("SELECT text FROM articles WHERE id = $1")
            .bind(article)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound {
                entity: "article",
                id: article,
            })?
            .try_get("text")?)
    }

    /// The article stored as `source`: its id and repaired text.
    pub async fn article_of_source(&self, source: SourceId) -> Result<(i64, String), StoreError> {
        let row =
            sqlx::query("SELECT id, text FROM articles WHERE source_id = $1 ORDER BY id LIMIT 1")
                .bind(source.0)
                .fetch_optional(&self.pool)
                .await?
                .ok_or(StoreError::NotFound {
                    entity: "article of source",
                    id: source.0,
                })?;
        Ok((row.try_get("id")?, row.try_get("text")?))
    }

    /// The people a reviewer accepted from an article's proposals, each once, in the
    /// order of the proposals.
    pub async fn accepted_people(&self, article: i64) -> Result<Vec<PersonId>, StoreError> {
        let rows = sqlx::query(
            "SELECT person_id FROM proposals WHERE article_id = $1 AND state = 'accepted' \
             AND person_id IS NOT NULL ORDER BY id",
        )
        .bind(article)
        .fetch_all(&self.pool)
        .await?;
        let mut out: Vec<PersonId> = Vec::new();
        for r in rows {
            let id = PersonId(r.try_get("person_id")?);
            if !out.contains(&id) {
                out.push(id);
            }
        }
        Ok(out)
    }

    /// Accepts a pending proposal: the event is recorded with the article as its
    /// source, on the person's latest case, and the person and case are created when
    /// there are none. One transaction; refused and unchanged if the event does not
    /// fit the case's timeline.
    pub async fn accept_proposal(
        &self,
        stamp: &Stamp,
        id: i64,
        how: &Acceptance,
    ) -> Result<Accepted, StoreError> {
        let proposal = self.proposal(id).await?;
        if proposal.state != ProposalState::Pending {
            return Err(refused(format!(
                "proposal {id} is already {}",
                proposal.state.as_str()
            )));
        }
        let finding = &proposal.finding;
        let kind = finding
            .event
            .ok_or_else(|| refused(format!("proposal {id} names no event")))?;
        // Undated, the event is known to have happened by the article's day.
        let known_by = PartialDate::By(proposal.dated.map_or(stamp.today, |d| d.latest()));
        let date = how.date.or(finding.date).unwrap_or(known_by);
        let (country, level) = (proposal.country, proposal.source_level);
        let same = proposal.decision.as_deref() == Some("same");
        let person = match (how.person, how.new_person) {
            (Some(p), _) => Some(p),
            (None, true) => None,
            (None, false) => proposal.person_id.filter(|_| same),
        };

        let mut w = Writer::begin(self, stamp).await?;
        let (person, person_level, created_person) = match person {
            Some(p) => {
                let person_level = w.person_level(p).await?;
                (p, person_level, false)
            }
            None => {
                let name = NameText::parse(&finding.name)?;
                let new = NewPerson {
                    names: vec![PersonName::new(name, NameKind::Legal)],
                    birth_year: None,
                    gender: None,
                    country,
                    categories: Vec::new(),
                    affiliations: Vec::new(),
                    bio: None,
                    notes: None,
                    contacts: None,
                    level,
                };
                (w.person(&new).await?, level, true)
            }
        };
        let latest_case =
            sqlx::query("SELECT id FROM cases WHERE person_id = $1 ORDER BY id DESC LIMIT 1")
                .bind(person.0)
                .fetch_optional(&mut **w.tx().await?)
                .await?
                .map(|r| r.try_get::<i64, _>("id"))
                .transpose()?
                .map(CaseId);
        let event = NewEvent {
            case: CaseId(0),
            kind,
            date,
            sentence_months: finding.sentence_months,
            release_reason: finding.release_reason,
            facility: finding.facility.clone(),
            next_hearing: finding.next_hearing,
            details: None,
            sources: vec![proposal.source_id],
            level,
        };
        let charges = finding
            .charges
            .iter()
            .map(|c| Charge::parse(c))
            .collect::<Result<Vec<_>, _>>()?;
        let (case, created_case, event_id) = match latest_case {
            Some(case) => {
                let existing = w.events_of(case).await?;
                let outer = w.outer_level(case).await?;
                let stored = w
                    .event(&NewEvent { case, ..event }, &existing, outer)
                    .await?;
                (case, false, stored.id)
            }
            None => {
                // An arrest the article does not date came no later than the event.
                let arrested = if kind == EventKind::Arrested {
                    date
                } else {
                    how.arrested.unwrap_or(PartialDate::By(date.latest()))
                };
                let new_case = NewCase {
                    person,
                    country,
                    arrested,
                    place: None,
                    arresting_body: None,
                    charges,
                    court: None,
                    facility: finding.facility.clone(),
                    assessment: None,
                    level,
                };
                let (case, arrest) = w.case(&new_case, person, person_level).await?;
                if kind == EventKind::Arrested {
                    // The case's arrest is the finding: it gets the article as source.
                    let mut data = arrest.data.clone();
                    data.sources = vec![proposal.source_id];
                    w.update_event(arrest.id, &data).await?;
                    (case.id, true, arrest.id)
                } else {
                    // The new case's rows are still buffered: write them first.
                    w.flush().await?;
                    let existing = w.events_of(case.id).await?;
                    let stored = w
                        .event(
                            &NewEvent {
                                case: case.id,
                                ..event
                            },
                            &existing,
                            level.max(person_level),
                        )
                        .await?;
                    (case.id, true, stored.id)
                }
            }
        };
        w.flush().await?;
        let done = sqlx::query(
            "UPDATE proposals SET state = 'accepted', reviewed_by = $1, reviewed_at = $2, \
             person_id = $3, event_id = $4 WHERE id = $5 AND state = 'pending'",
        )
        .bind(&stamp.actor)
        .bind(&stamp.at)
        .bind(person.0)
        .bind(event_id.0)
        .bind(id)
        .execute(&mut **w.tx().await?)
        .await?;
        // Another reviewer decided it meanwhile: nothing of this is kept.
        if done.rows_affected() != 1 {
            return Err(refused(format!("proposal {id} was decided meanwhile")));
        }
        w.audit_access(
            "accept",
            "proposal",
            id,
            serde_json::json!({ "state": "accepted", "person": person.0, "event": event_id.0 }),
        )
        .await?;
        w.commit().await?;
        Ok(Accepted {
            date,
            person,
            created_person,
            case,
            created_case,
            event: event_id,
        })
    }

    /// Rejects a pending proposal with a reason; no record changes.
    pub async fn reject_proposal(
        &self,
        stamp: &Stamp,
        id: i64,
        reason: &str,
    ) -> Result<(), StoreError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(refused("a rejection needs a reason"));
        }
        super::batch::refuse_nul_in("reason", reason)?;
        let proposal = self.proposal(id).await?;
        if proposal.state != ProposalState::Pending {
            return Err(refused(format!(
                "proposal {id} is already {}",
                proposal.state.as_str()
            )));
        }
        let mut w = Writer::begin(self, stamp).await?;
        let done = w
            .execute(
                sqlx::query(
                    "UPDATE proposals SET state = 'rejected', reason = $1, reviewed_by = $2, \
                     reviewed_at = $3 WHERE id = $4 AND state = 'pending'",
                )
                .bind(reason.to_string())
                .bind(stamp.actor.clone())
                .bind(stamp.at.clone())
                .bind(id),
            )
            .await?;
        if done != 1 {
            return Err(refused(format!("proposal {id} was decided meanwhile")));
        }
        w.audit_access(
            "reject",
            "proposal",
            id,
            serde_json::json!({ "state": "rejected" }),
        )
        .await?;
        w.commit().await
    }
}

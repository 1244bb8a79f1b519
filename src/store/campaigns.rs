//! Campaigns and their letter counters. A campaign is written only as
//! [`Checked`](crate::campaign::Checked), so what the store holds passed the whole
//! check; each write is an audited entry ("campaign", id) with the campaign as JSON.
//! The counter is one number per campaign and day, nothing about who counted.

use sqlx::Row;

use crate::campaign::{Campaign, CampaignStatus, Checked, NewCampaign};
use crate::domain::{Date, DomainError};

use super::write::{Stamp, Writer};
use super::{Store, StoreError};

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("campaign: {e}"))
}

fn campaign_of(row: &sqlx::any::AnyRow) -> Result<Campaign, StoreError> {
    let body: String = row.try_get("body")?;
    let data: NewCampaign = serde_json::from_str(&body).map_err(corrupt)?;
    Ok(Campaign {
        id: row.try_get("id")?,
        data,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// Letters counted for a campaign on one day.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LettersOnDay {
    pub day: String,
    pub count: i64,
}

impl Store {
    /// Every campaign, newest first.
    pub async fn campaigns(&self) -> Result<Vec<Campaign>, StoreError> {
        sqlx::query("SELECT id, body, created_at, updated_at FROM campaigns ORDER BY id DESC")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(campaign_of)
            .collect()
    }

    pub async fn campaign(&self, id: i64) -> Result<Campaign, StoreError> {
        let row =
            sqlx::query("SELECT id, body, created_at, updated_at FROM campaigns WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?
                .ok_or(StoreError::NotFound {
                    entity: "campaign",
                    id,
                })?;
        campaign_of(&row)
    }

    /// Creates a campaign (`id` is `None`) or replaces one; returns its id.
    pub async fn save_campaign(
        &self,
        stamp: &Stamp,
        id: Option<i64>,
        checked: &Checked,
    ) -> Result<i64, StoreError> {
        let c = checked.campaign();
        let body = serde_json::to_string(c).map_err(corrupt)?;
        let mut w = Writer::begin(self, stamp).await?;
        let (id, before, created_at) = match id {
            None => (w.next_row_id("campaigns").await?, None, stamp.at.clone()),
            Some(id) => {
                let row = w
                    .fetch_optional(
                        sqlx::query("SELECT body, created_at FROM campaigns WHERE id = $1")
                            .bind(id),
                    )
                    .await?
                    .ok_or(StoreError::NotFound {
                        entity: "campaign",
                        id,
                    })?;
                (
                    id,
                    Some(row.try_get::<String, _>("body")?),
                    row.try_get::<String, _>("created_at")?,
                )
            }
        };
        let deadline = c.deadline.map(|d| d.to_string());
        super::batch::refuse_nul_in("title", &c.title)?;
        let query = if before.is_none() {
            sqlx::query(
                "INSERT INTO campaigns (id, title, status, deadline, body, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
        } else {
            sqlx::query(
                "UPDATE campaigns SET title = $2, status = $3, deadline = $4, body = $5, \
                 created_at = $6, updated_at = $7 WHERE id = $1",
            )
        };
        w.execute(
            query
                .bind(id)
                .bind(c.title.clone())
                .bind(c.status.as_str())
                .bind(deadline)
                .bind(body.clone())
                .bind(created_at)
                .bind(stamp.at.clone()),
        )
        .await?;
        let action = if before.is_none() { "create" } else { "update" };
        // The campaign as written, and the digest of its row (so verify vouches for
        // it, as for other records that decide what the public is asked to do).
        let summary = serde_json::to_value(c).map_err(corrupt)?;
        w.audit_access_after(action, "campaign", id, before, summary)
            .await?;
        w.commit().await?;
        Ok(id)
    }

    /// Counts one "I sent a letter" for an active campaign on `day`; returns the
    /// campaign's new total. Refused for a campaign that is not active.
    pub async fn count_letter(&self, id: i64, day: Date) -> Result<i64, StoreError> {
        let done = sqlx::query(
            "INSERT INTO campaign_letters (campaign_id, day, count) \
             SELECT $1, $2, 1 WHERE EXISTS \
               (SELECT 1 FROM campaigns WHERE id = $1 AND status = $3) \
             ON CONFLICT (campaign_id, day) DO UPDATE SET count = campaign_letters.count + 1",
        )
        .bind(id)
        .bind(day.to_string())
        .bind(CampaignStatus::Active.as_str())
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Invalid(DomainError::Invalid {
                field: "campaign",
                reason: format!("campaign {id} is not active"),
            }));
        }
        self.letters_total(id).await
    }

    /// Letters counted for a campaign, per day, oldest first.
    pub async fn letters_by_day(&self, id: i64) -> Result<Vec<LettersOnDay>, StoreError> {
        sqlx::query("SELECT day, count FROM campaign_letters WHERE campaign_id = $1 ORDER BY day")
            .bind(id)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok(LettersOnDay {
                    day: r.try_get("day")?,
                    count: r.try_get("count")?,
                })
            })
            .collect()
    }

    /// Letters counted for every campaign that has any, in one query (for lists).
    pub async fn letters_totals(&self) -> Result<std::collections::HashMap<i64, i64>, StoreError> {
        sqlx::query(
            "SELECT campaign_id, CAST(SUM(count) AS BIGINT) AS total FROM campaign_letters \
             GROUP BY campaign_id",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("campaign_id")?, r.try_get("total")?)))
        .collect()
    }

    pub async fn letters_total(&self, id: i64) -> Result<i64, StoreError> {
        let row = sqlx::query(
            "SELECT CAST(COALESCE(SUM(count), 0) AS BIGINT) AS total FROM campaign_letters \
             WHERE campaign_id = $1",
        )
        .bind(id)
        .fetch_one(&self.pool)
        .await?;
        // SUM is NUMERIC on PostgreSQL, which the Any driver cannot read: cast above.
        Ok(row.try_get::<i64, _>("total")?)
    }
}

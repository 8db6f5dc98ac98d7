//! Ownership groups with date ranges (consensus-decentralization `legal_links.json`): which
//! entity controlled a pool at a block's time.

use chrono::NaiveDate;
use serde_json::Value;

use super::format::{as_object, opt_str};
use super::registry::pool_key;
use super::{PoolError, RegistryFormat};

/// One pool's membership of an entity over `[from, to)`; an open end is unbounded.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Membership {
    entity: String,
    pool: String,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    source: Option<String>,
}

impl Membership {
    /// The owning entity, e.g. `"Bitmain"`.
    pub fn entity(&self) -> &str {
        &self.entity
    }

    /// The pool's name as written in the file, e.g. `"BTC.COM"`.
    pub fn pool(&self) -> &str {
        &self.pool
    }

    /// First day of the membership, `None` for "since always".
    pub fn from(&self) -> Option<NaiveDate> {
        self.from
    }

    /// First day after the membership, `None` for "still".
    pub fn to(&self) -> Option<NaiveDate> {
        self.to
    }

    /// The evidence link given in the file.
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }

    /// Whether the membership covers `date`.
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|f| date >= f) && self.to.is_none_or(|t| date < t)
    }
}

/// Ownership groups: pools aggregated to the entities that owned them at a given date.
///
/// # Examples
///
/// ```
/// use chrono::NaiveDate;
/// use minerscope::pool::{Ownership, PoolError};
///
/// let json = r#"{
///   "Bitmain": [{"name": "BTC.COM", "from": "", "to": "2020-12", "source": ""}],
///   "BIT Mining": [{"name": "BTC.COM", "from": "2021-04", "to": "", "source": ""}]
/// }"#;
/// let own = Ownership::from_legal_links_json(json)?;
/// let day = |y, m| NaiveDate::from_ymd_opt(y, m, 1).unwrap();
/// assert_eq!(own.entity_at("BTC.com", day(2018, 8)), "Bitmain");
/// assert_eq!(own.entity_at("BTC.com", day(2021, 1)), "BTC.com"); // a gap: the pool itself
/// assert_eq!(own.entity_at("BTC.com", day(2022, 1)), "BIT Mining");
/// # Ok::<_, PoolError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Ownership {
    memberships: Vec<Membership>,
}

fn parse_date(
    entity: &str,
    pool: &str,
    text: Option<String>,
) -> Result<Option<NaiveDate>, PoolError> {
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else { return Ok(None) };
    let t = text.trim();
    let full = if t.len() == 7 { format!("{t}-01") } else { t.to_owned() };
    NaiveDate::parse_from_str(&full, "%Y-%m-%d").map(Some).map_err(|_| PoolError::InvalidDate {
        entity: entity.to_owned(),
        pool: pool.to_owned(),
        value: text.clone(),
    })
}

impl Ownership {
    /// Reads consensus-decentralization's `legal_links.json`:
    /// `{entity: [{name, from, to, source}]}` with dates `YYYY-MM` (first of the month) or
    /// `YYYY-MM-DD`, empty for open ends.
    ///
    /// # Errors
    ///
    /// [`PoolError::Json`] for malformed JSON, [`PoolError::Schema`] for the wrong shape,
    /// [`PoolError::InvalidDate`] for an unreadable date.
    pub fn from_legal_links_json(json: &str) -> Result<Self, PoolError> {
        let f = RegistryFormat::Custom;
        let value: Value =
            serde_json::from_str(json).map_err(|e| PoolError::json("legal links", &e))?;
        let top = as_object(f, &value, "$")?;
        let mut memberships = Vec::new();
        for (entity, list) in top {
            let path = format!("$[{entity:?}]");
            let items = list
                .as_array()
                .ok_or_else(|| PoolError::schema("legal links", path.clone(), "an array"))?;
            for (i, item) in items.iter().enumerate() {
                let p = format!("{path}[{i}]");
                let obj = as_object(f, item, &p)?;
                let pool = opt_str(f, obj, "name", &p)?.ok_or_else(|| {
                    PoolError::schema("legal links", format!("{p}.name"), "a string")
                })?;
                let from = parse_date(entity, &pool, opt_str(f, obj, "from", &p)?)?;
                let to = parse_date(entity, &pool, opt_str(f, obj, "to", &p)?)?;
                let source = opt_str(f, obj, "source", &p)?.filter(|s| !s.is_empty());
                memberships.push(Membership { entity: entity.clone(), pool, from, to, source });
            }
        }
        Ok(Ownership { memberships })
    }

    /// Adds a membership by hand.
    pub fn insert(
        &mut self,
        entity: &str,
        pool: &str,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) {
        self.memberships.push(Membership {
            entity: entity.to_owned(),
            pool: pool.to_owned(),
            from,
            to,
            source: None,
        });
    }

    /// All memberships.
    pub fn memberships(&self) -> &[Membership] {
        &self.memberships
    }

    /// The entity owning `pool` (matched by name ignoring case and punctuation) on `date`, if
    /// any group covers it.
    pub fn owner_at(&self, pool: &str, date: NaiveDate) -> Option<&str> {
        let key = pool_key(pool);
        self.memberships
            .iter()
            .find(|m| m.covers(date) && pool_key(&m.pool) == key)
            .map(Membership::entity)
    }

    /// [`entity_at`](Self::entity_at) for a block timestamp (Unix seconds, UTC); a timestamp
    /// chrono cannot represent falls back to the pool itself.
    pub fn entity_at_time<'a>(&'a self, pool: &'a str, unix_time: u32) -> &'a str {
        chrono::DateTime::from_timestamp(i64::from(unix_time), 0)
            .map_or(pool, |t| self.entity_at(pool, t.date_naive()))
    }

    /// The entity owning `pool` on `date`, or the pool itself when no group covers it: the
    /// label to aggregate blocks by.
    pub fn entity_at<'a>(&'a self, pool: &'a str, date: NaiveDate) -> &'a str {
        self.owner_at(pool, date).unwrap_or(pool)
    }
}

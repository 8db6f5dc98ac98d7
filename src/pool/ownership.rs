//! Ownership groups with date ranges (consensus-decentralization `legal_links.json`): which
//! entity controlled a pool at a block's time.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::format::{as_object, opt_str};
use super::registry::pool_key;
use super::{PoolError, RegistryFormat};

/// One pool's membership of an entity over `[from, to)`; an open end is unbounded.
///
/// # Examples
///
/// ```
/// use chrono::NaiveDate;
/// use minerscope::pool::Ownership;
///
/// let json = r#"{"Bitmain": [{"name": "BTC.COM", "from": "2016-06", "to": "2020-12-15",
///                            "source": "https://example.org/btccom"}]}"#;
/// let own = Ownership::from_legal_links_json(json)?;
/// let m = &own.memberships()[0];
/// assert_eq!((m.entity(), m.pool()), ("Bitmain", "BTC.COM"));
/// assert_eq!(m.from(), NaiveDate::from_ymd_opt(2016, 6, 1));
/// assert_eq!(m.to(), NaiveDate::from_ymd_opt(2020, 12, 15));
/// assert_eq!(m.source(), Some("https://example.org/btccom"));
/// # Ok::<_, minerscope::pool::PoolError>(())
/// ```
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
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::Ownership;
    ///
    /// let mut own = Ownership::default();
    /// own.insert("Bitmain", "AntPool", None, None);
    /// assert_eq!(own.memberships()[0].entity(), "Bitmain");
    /// ```
    pub fn entity(&self) -> &str {
        &self.entity
    }

    /// The pool's name as written in the file, e.g. `"BTC.COM"`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::Ownership;
    ///
    /// let mut own = Ownership::default();
    /// own.insert("Bitmain", "BTC.COM", None, None);
    /// assert_eq!(own.memberships()[0].pool(), "BTC.COM"); // as written
    /// ```
    pub fn pool(&self) -> &str {
        &self.pool
    }

    /// First day of the membership, `None` for "since always".
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use minerscope::pool::Ownership;
    ///
    /// let json =
    ///     r#"{"BIT Mining": [{"name": "BTC.COM", "from": "2021-04", "to": "", "source": ""}]}"#;
    /// let m = &Ownership::from_legal_links_json(json)?.memberships()[0].clone();
    /// // YYYY-MM is the first of the month.
    /// assert_eq!(m.from(), NaiveDate::from_ymd_opt(2021, 4, 1));
    /// assert_eq!(m.to(), None); // open end
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn from(&self) -> Option<NaiveDate> {
        self.from
    }

    /// First day after the membership, `None` for "still".
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use minerscope::pool::Ownership;
    ///
    /// let mut own = Ownership::default();
    /// let end = NaiveDate::from_ymd_opt(2020, 12, 1);
    /// own.insert("Bitmain", "BTC.COM", None, end);
    /// assert_eq!(own.memberships()[0].to(), end);
    /// ```
    pub fn to(&self) -> Option<NaiveDate> {
        self.to
    }

    /// The evidence link given in the file.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::Ownership;
    ///
    /// let json = r#"{"E": [{"name": "P", "from": "", "to": "", "source": ""}]}"#;
    /// // An empty evidence link is no link.
    /// assert_eq!(Ownership::from_legal_links_json(json)?.memberships()[0].source(), None);
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }

    /// Whether the membership covers `date`.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use minerscope::pool::Ownership;
    ///
    /// let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("valid date");
    /// let mut own = Ownership::default();
    /// own.insert("E", "P", Some(day(2020, 1, 1)), Some(day(2021, 1, 1)));
    /// let m = &own.memberships()[0];
    /// // [from, to): the first day is in, the end day is out.
    /// assert!(m.covers(day(2020, 1, 1)) && m.covers(day(2020, 12, 31)));
    /// assert!(!m.covers(day(2021, 1, 1)) && !m.covers(day(2019, 12, 31)));
    /// ```
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
    let full = match t.len() {
        4 => format!("{t}-01-01"),
        7 => format!("{t}-01"),
        _ => t.to_owned(),
    };
    NaiveDate::parse_from_str(&full, "%Y-%m-%d").map(Some).map_err(|_| PoolError::InvalidDate {
        entity: entity.to_owned(),
        pool: pool.to_owned(),
        value: text.clone(),
    })
}

/// Fails when a membership's (exclusive) end is on or before its start: it would cover no day.
/// `written` gives the two dates as the caller wrote them, for the error.
fn check_range(
    entity: &str,
    pool: &str,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    written: impl FnOnce() -> (String, String),
) -> Result<(), PoolError> {
    match (from, to) {
        (Some(start), Some(end)) if end <= start => {
            let (from, to) = written();
            Err(PoolError::InvalidDateRange {
                entity: entity.to_owned(),
                pool: pool.to_owned(),
                from,
                to,
            })
        }
        _ => Ok(()),
    }
}

/// Fails when two different entities own the same pool (by name, ignoring case and
/// punctuation) on some day. Per pool, memberships are swept in order of start while keeping the
/// one reaching furthest: any membership starting before that one ends overlaps it, and a first
/// overlapping pair of different entities is always met this way.
fn check_no_overlap(memberships: &[Membership]) -> Result<(), PoolError> {
    let mut by_pool: HashMap<String, Vec<&Membership>> = HashMap::new();
    for m in memberships {
        by_pool.entry(pool_key(&m.pool)).or_default().push(m);
    }
    let mut groups: Vec<Vec<&Membership>> = by_pool.into_values().collect();
    // Deterministic error reports: pools in order of their first membership's name.
    groups.sort_by(|a, b| a.first().map(|m| &m.pool).cmp(&b.first().map(|m| &m.pool)));
    for mut group in groups {
        // `None` starts are "since always", the earliest (Option orders None first).
        group.sort_by_key(|m| m.from);
        let mut reach: Option<&Membership> = None;
        for m in group {
            if let Some(r) = reach {
                let overlaps = r.to.is_none_or(|end| m.from.is_none_or(|start| start < end));
                if overlaps && r.entity != m.entity {
                    return Err(PoolError::OverlappingOwnership {
                        pool: r.pool.clone(),
                        first: r.entity.clone(),
                        second: m.entity.clone(),
                        date: m.from.map_or_else(|| "the beginning".to_owned(), |d| d.to_string()),
                    });
                }
                // `None` ends are "still", the latest.
                let further = match (r.to, m.to) {
                    (None, _) => false,
                    (Some(_), None) => true,
                    (Some(a), Some(b)) => b > a,
                };
                if further {
                    reach = Some(m);
                }
            } else {
                reach = Some(m);
            }
        }
    }
    Ok(())
}

impl Ownership {
    /// Reads consensus-decentralization's `legal_links.json`:
    /// `{entity: [{name, from, to, source}]}` with dates `YYYY-MM-DD`, `YYYY-MM` (first of the
    /// month) or `YYYY` (1 January), empty for open ends; `to` is the first day after the
    /// membership, as in consensus-decentralization.
    ///
    /// # Errors
    ///
    /// [`PoolError::Json`] for malformed JSON or an object with two equal keys (an entity listed
    /// twice would lose its first list), [`PoolError::Schema`] for the wrong shape,
    /// [`PoolError::InvalidDate`] for an unreadable date, [`PoolError::InvalidDateRange`] for a
    /// range that ends on or before it starts, [`PoolError::OverlappingOwnership`] when two
    /// entities own one pool on the same day (the owner would be ambiguous).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Ownership, PoolError};
    ///
    /// let json = r#"{"Bitmain": [
    ///   {"name": "AntPool", "from": "2014-01", "to": "", "source": ""},
    ///   {"name": "BTC.COM", "from": "", "to": "2020-12", "source": ""}
    /// ]}"#;
    /// assert_eq!(Ownership::from_legal_links_json(json)?.memberships().len(), 2);
    /// let spring = r#"{"E": [{"name": "P", "from": "spring 2020"}]}"#;
    /// let bad = Ownership::from_legal_links_json(spring);
    /// assert!(matches!(bad, Err(PoolError::InvalidDate { .. })));
    /// assert!(matches!(Ownership::from_legal_links_json("[]"), Err(PoolError::Schema { .. })));
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn from_legal_links_json(json: &str) -> Result<Self, PoolError> {
        let f = RegistryFormat::Custom;
        let value = super::json_keys::parse(json, "legal links")?;
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
                let from_text = opt_str(f, obj, "from", &p)?;
                let to_text = opt_str(f, obj, "to", &p)?;
                let from = parse_date(entity, &pool, from_text.clone())?;
                let to = parse_date(entity, &pool, to_text.clone())?;
                check_range(entity, &pool, from, to, || {
                    (from_text.clone().unwrap_or_default(), to_text.clone().unwrap_or_default())
                })?;
                let source = opt_str(f, obj, "source", &p)?.filter(|s| !s.is_empty());
                memberships.push(Membership { entity: entity.clone(), pool, from, to, source });
            }
        }
        check_no_overlap(&memberships)?;
        Ok(Ownership { memberships })
    }

    /// Adds a membership by hand. Unlike the loader it checks nothing: a range with
    /// `to <= from` covers no day, and where memberships of different entities overlap,
    /// [`owner_at`](Self::owner_at) answers with the first inserted.
    /// [`try_insert`](Self::try_insert) checks both, as the loader does.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use minerscope::pool::Ownership;
    ///
    /// let mut own = Ownership::default();
    /// own.insert("Bitmain", "AntPool", None, None);
    /// let any_day = NaiveDate::from_ymd_opt(2024, 2, 11).expect("valid date");
    /// assert_eq!(own.owner_at("antpool", any_day), Some("Bitmain"));
    /// assert_eq!(own.memberships()[0].source(), None);
    /// ```
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

    /// Adds a membership by hand, checked as the loader checks its entries: `to` (exclusive)
    /// must come after `from`, and no other entity may own the pool on any day of the range.
    /// On an error nothing is added.
    ///
    /// # Errors
    ///
    /// [`PoolError::InvalidDateRange`] for a range that ends on or before it starts,
    /// [`PoolError::OverlappingOwnership`] when another entity owns the pool on a day of the
    /// range (or, for memberships added unchecked with [`insert`](Self::insert), an overlap
    /// already among them).
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use minerscope::pool::{Ownership, PoolError};
    ///
    /// let d = |y, m| NaiveDate::from_ymd_opt(y, m, 1).expect("valid date");
    /// let mut own = Ownership::default();
    /// own.try_insert("Bitmain", "BTC.com", None, Some(d(2020, 12)))?;
    /// own.try_insert("BIT Mining", "BTC.com", Some(d(2020, 12)), None)?; // adjacent: fine
    /// let late = own.try_insert("Other", "btc.com", Some(d(2020, 6)), Some(d(2021, 1)));
    /// assert!(matches!(late, Err(PoolError::OverlappingOwnership { .. })));
    /// let backwards = own.try_insert("X", "Y", Some(d(2021, 1)), Some(d(2020, 1)));
    /// assert!(matches!(backwards, Err(PoolError::InvalidDateRange { .. })));
    /// assert_eq!(own.memberships().len(), 2);
    /// # Ok::<_, PoolError>(())
    /// ```
    pub fn try_insert(
        &mut self,
        entity: &str,
        pool: &str,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<(), PoolError> {
        let as_written = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        check_range(entity, pool, from, to, || (as_written(from), as_written(to)))?;
        self.insert(entity, pool, from, to);
        if let Err(e) = check_no_overlap(&self.memberships) {
            self.memberships.pop();
            return Err(e);
        }
        Ok(())
    }

    /// All memberships.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::Ownership;
    ///
    /// let mut own = Ownership::default();
    /// own.insert("Bitmain", "AntPool", None, None);
    /// own.insert("Bitmain", "BTC.COM", None, None);
    /// let pools: Vec<&str> = own.memberships().iter().map(|m| m.pool()).collect();
    /// assert_eq!(pools, ["AntPool", "BTC.COM"]);
    /// ```
    pub fn memberships(&self) -> &[Membership] {
        &self.memberships
    }

    /// The entity owning `pool` (matched by name ignoring case and punctuation) on `date`, if
    /// any group covers it.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use minerscope::pool::Ownership;
    ///
    /// let day = |y, m| NaiveDate::from_ymd_opt(y, m, 1).expect("valid date");
    /// let mut own = Ownership::default();
    /// own.insert("Bitmain", "BTC.COM", None, Some(day(2021, 1)));
    /// assert_eq!(own.owner_at("btc.com", day(2019, 5)), Some("Bitmain"));
    /// assert_eq!(own.owner_at("btc.com", day(2021, 5)), None); // no group covers it
    /// ```
    pub fn owner_at(&self, pool: &str, date: NaiveDate) -> Option<&str> {
        let key = pool_key(pool);
        self.memberships
            .iter()
            .find(|m| m.covers(date) && pool_key(&m.pool) == key)
            .map(Membership::entity)
    }

    /// [`entity_at`](Self::entity_at) for a block timestamp (Unix seconds, UTC); a timestamp
    /// chrono cannot represent falls back to the pool itself.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::Ownership;
    ///
    /// let mut own = Ownership::default();
    /// own.insert("Bitmain", "AntPool", None, None);
    /// // Block 830000 (AntPool), stamped 1 707 675 457 = 2024-02-11 UTC.
    /// assert_eq!(own.entity_at_time("AntPool", 1_707_675_457), "Bitmain");
    /// assert_eq!(own.entity_at_time("ViaBTC", 1_707_675_457), "ViaBTC");
    /// ```
    pub fn entity_at_time<'a>(&'a self, pool: &'a str, unix_time: u32) -> &'a str {
        chrono::DateTime::from_timestamp(i64::from(unix_time), 0)
            .map_or(pool, |t| self.entity_at(pool, t.date_naive()))
    }

    /// The entity owning `pool` on `date`, or the pool itself when no group covers it: the
    /// label to aggregate blocks by.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use minerscope::pool::Ownership;
    ///
    /// let day = NaiveDate::from_ymd_opt(2024, 2, 11).expect("valid date");
    /// let mut own = Ownership::default();
    /// own.insert("Bitmain", "AntPool", None, None);
    /// // Blocks aggregate by entity where one is known, else by pool.
    /// let labels: Vec<&str> =
    ///     ["AntPool", "F2Pool"].iter().map(|p| own.entity_at(p, day)).collect();
    /// assert_eq!(labels, ["Bitmain", "F2Pool"]);
    /// ```
    pub fn entity_at<'a>(&'a self, pool: &'a str, date: NaiveDate) -> &'a str {
        self.owner_at(pool, date).unwrap_or(pool)
    }
}

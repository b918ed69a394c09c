//! `event apply`: attaches tweets already in the index to an event, by the same rule as
//! `ingest --event` ([`crate::event::Membership`]), without reading the dumps again.
//!
//! Only the event's own tweets are touched: among the tweets a query matches (every tweet by
//! default), those the rule takes are attached and attributed to the event's speakers, unless
//! another event has them (they are left to it, and counted, unless `move_other` is asked), and
//! the event's tweets the rule no longer takes (its programme changed) are detached from it.
//! Everything else is left as it is: applying a programme twice changes nothing the second time.

use std::collections::BTreeMap;

use anyhow::Result;
use serde::Serialize;

use super::Attacher;
use crate::event::{Event, Verdict};
use crate::index::writer::WriterOptions;
use crate::index::{Archive, Writer};
use crate::query;

/// What to apply an event to.
pub struct ApplyOptions {
    /// Narrows the tweets looked at (the search syntax; `*` for all), dates in the event's zone.
    pub query: String,
    /// Takes the tweets the rule accepts from the other events they are attached to.
    pub move_other: bool,
}

/// What `event apply` did. `attached` + `reattributed` + `moved` + `left` are the tweets the rule
/// takes among those matched; `detached` + `outside` the others.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Applied {
    pub slug: String,
    /// Which tweets belong, in words: `on 2015-11-17 with #pasocial`.
    pub rule: String,
    /// Tweets the query matched.
    pub matched: u64,
    /// Tweets attached to no event before, attached now.
    pub attached: u64,
    /// Tweets already the event's, their speakers found again.
    pub reattributed: u64,
    /// Tweets taken from another event (only with `move_other`).
    pub moved: u64,
    /// Tweets the rule takes but another event has, left to it (without `move_other`).
    pub left: u64,
    /// The events `left` counts, with how many of their tweets each.
    pub left_with: BTreeMap<String, u64>,
    /// The event's tweets the rule no longer takes, attached to no event now.
    pub detached: u64,
    /// Tweets the rule does not take and that are not the event's: untouched.
    pub outside: u64,
    /// Of the tweets attached, re-attributed and moved: those attributed to a speaker.
    pub attributed: u64,
    /// Tweets written again (their event or speakers changed).
    pub rewritten: u64,
}

/// Applies `event` to the tweets of the archive, as the module says.
pub fn apply(archive: &Archive, event: &Event, opts: &ApplyOptions) -> Result<Applied> {
    let mut attacher = Attacher::new(event);
    let mut request = query::Request::new(&opts.query);
    request.tz = event.tz;
    // First the words people use about each talk, from the tweets the rule takes.
    let mut words = attacher.vocabulary();
    query::for_each_match(archive, &request, |tweet| {
        attacher.observe(&mut words, &tweet);
        Ok(())
    })?;
    attacher.learned(words);
    apply_taught(archive, &attacher, opts)
}

/// [`apply`] with an attacher that has learned the words of each talk.
fn apply_taught(archive: &Archive, attacher: &Attacher, opts: &ApplyOptions) -> Result<Applied> {
    let mut applied = Applied {
        slug: attacher.slug.clone(),
        rule: attacher.membership.describe(),
        ..Applied::default()
    };
    let mut request = query::Request::new(&opts.query);
    request.tz = attacher.tz;
    let mut writer = Writer::new(archive, WriterOptions::default())?;
    // The search reads the last commit while the writer replaces documents.
    query::for_each_match(archive, &request, |mut tweet| {
        applied.matched += 1;
        let before = (tweet.event.take(), tweet.attributions.clone());
        let ours = before.0.as_deref() == Some(attacher.slug.as_str());
        let belongs = attacher.membership.verdict(&tweet) == Verdict::Belongs;
        match (&before.0, belongs) {
            (Some(other), true) if !ours && !opts.move_other => {
                applied.left += 1;
                *applied.left_with.entry(other.clone()).or_default() += 1;
                return Ok(());
            }
            (_, true) => {
                attacher.attach(&mut tweet);
                match &before.0 {
                    None => applied.attached += 1,
                    Some(_) if ours => applied.reattributed += 1,
                    Some(_) => applied.moved += 1,
                }
                applied.attributed += u64::from(!tweet.attributions.is_empty());
            }
            (_, false) if ours => {
                tweet.attributions.clear();
                applied.detached += 1;
            }
            (_, false) => {
                applied.outside += 1;
                return Ok(());
            }
        }
        if (&tweet.event, &tweet.attributions) != (&before.0, &before.1) {
            applied.rewritten += 1;
            writer.replace(&tweet)?;
        }
        Ok(())
    })?;
    writer.finish()?;
    Ok(applied)
}

/// The closing pass of `ingest --event`, once `attacher` has learned each talk's words from the
/// tweets it attached: the event's tweets that name no speaker are judged again, as only their
/// inferred speakers can change (those that name one keep what they got). Returns how many
/// tweets it wrote again.
pub fn infer_again(archive: &Archive, attacher: &Attacher) -> Result<u64> {
    let mut request = query::Request::new(&format!("event:{}", attacher.slug));
    request.tz = attacher.tz;
    let mut writer = Writer::new(archive, WriterOptions::default())?;
    let mut rewritten = 0;
    query::for_each_match(archive, &request, |mut tweet| {
        if tweet.attributions.iter().any(|a| !a.method.inferred()) {
            return Ok(());
        }
        let before = tweet.attributions.clone();
        attacher.attach(&mut tweet);
        if tweet.attributions != before {
            rewritten += 1;
            writer.replace(&tweet)?;
        }
        Ok(())
    })?;
    writer.finish()?;
    Ok(rewritten)
}

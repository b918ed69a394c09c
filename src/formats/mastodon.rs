//! Mastodon statuses (API JSON, one or an array) and the `outbox.json` of an account export.

use super::{Emit, Record};

/// Reads one record; emits each tweet it holds, or why it holds none.
pub fn parse(_record: &Record, emit: &mut Emit<'_>) {
    emit(Err("this format is not read yet".into()))
}

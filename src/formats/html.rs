//! Saved web pages with `twitter-tweet` blockquotes.

use super::{Emit, Record};

/// Reads one record; emits each tweet it holds, or why it holds none.
pub fn parse(_record: &Record, emit: &mut Emit<'_>) {
    emit(Err("this format is not read yet".into()))
}

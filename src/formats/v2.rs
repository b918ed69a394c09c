//! Twitter API v2: twarc2 response pages (one page a line), lists of tweets, flattened tweets.

use super::{Emit, Record};

/// Reads one record; emits each tweet it holds, or why it holds none.
pub fn parse(_record: &Record, emit: &mut Emit<'_>) {
    emit(Err("this format is not read yet".into()))
}

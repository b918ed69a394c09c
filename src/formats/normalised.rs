//! chirpdex's own normalised records, as `chirpdex export` writes them for sources without a JSON original.

use super::{Emit, Record};

/// Reads one record; emits each tweet it holds, or why it holds none.
pub fn parse(_record: &Record, emit: &mut Emit<'_>) {
    emit(Err("this format is not read yet".into()))
}

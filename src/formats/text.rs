//! Text copied from a web page: tweets followed by `— Name (@handle) date` attribution lines.

use super::{Emit, Record};

/// Reads one record; emits each tweet it holds, or why it holds none.
pub fn parse(_record: &Record, emit: &mut Emit<'_>) {
    emit(Err("this format is not read yet".into()))
}

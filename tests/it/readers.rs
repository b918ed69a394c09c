//! Every reader on its fixtures.

//! Templates as spreadsheets (being written).

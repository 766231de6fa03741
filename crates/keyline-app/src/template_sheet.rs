//! Template spreadsheets on disk (being written).

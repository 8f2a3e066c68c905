//! Integration tests: the real server on a random port with a fresh database, spoken to over
//! HTTP, on SQLite and on PostgreSQL. One test binary (faster to link than one per file).

mod access;
mod archive;
mod assessment;
mod backup;
mod browser;
mod cli;
mod comments;
mod documents;
mod errors;
mod escalation;
mod helpers;
mod hostile;
mod jurisdiction;
mod ledger;
mod ledger_export;
mod ledger_print;
mod library;
mod lifecycle;
mod logins;
mod logs;
mod matrix;
mod official_docx;
mod onboarding;
mod openapi;
mod organisation;
mod pool;
mod public;
mod recheck;
mod roster_import;
mod signals;

//! auditgate: what changed between two passes of a code audit.
//!
//! The core (`model`, `parse`, `diff`, `accept`, `config`, `score`, `gate`,
//! `report`, `render`, and `memo`, which lets a walk of many passes reuse
//! what earlier passes computed) takes text and values and returns values;
//! `history` builds trends from parsed passes; `publish` turns a report
//! into what CI shows (comment, annotations, outputs). The edges (`input`,
//! `git`, `source`, `github`, `check`, `app`, `cli`) read files, git
//! history and the Actions environment, talk to the GitHub API and to the
//! user.

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod accept;
pub mod app;
pub mod check;
pub mod cli;
pub mod config;
pub mod diff;
pub mod gate;
pub mod git;
pub mod github;
pub mod history;
pub mod input;
pub mod memo;
pub mod model;
pub mod par;
pub mod parse;
pub mod publish;
pub mod render;
pub mod report;
pub mod score;
pub mod series;
pub mod source;
pub mod text;

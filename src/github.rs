//! The GitHub edge: the Actions environment and the REST calls for the PR
//! comment. Everything here talks to the outside; what it sends is built by
//! `publish`.

use std::path::PathBuf;
use std::thread::sleep;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use reqwest::blocking::{Client, RequestBuilder, Response};
use reqwest::header::{HeaderMap, ACCEPT, AUTHORIZATION, LINK, USER_AGENT};
use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde_json::json;

/// The identity an Actions `GITHUB_TOKEN` posts as; `GET /user` is refused
/// to that token, so it cannot be asked.
pub const ACTIONS_BOT: &str = "github-actions[bot]";

/// The standard Actions variables `check` reads, from any lookup (tests pass
/// their own).
#[derive(Clone, Debug, Default)]
pub struct ActionsEnv {
    /// `GITHUB_ACTIONS=true`: annotations go to stdout.
    pub in_actions: bool,
    pub event_name: Option<String>,
    pub event_path: Option<PathBuf>,
    pub repository: Option<String>,
    pub api_url: String,
    pub server_url: String,
    pub run_id: Option<String>,
    pub token: Option<Token>,
    pub output: Option<PathBuf>,
    pub summary: Option<PathBuf>,
    pub runner_temp: Option<PathBuf>,
}

impl ActionsEnv {
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> ActionsEnv {
        let nonempty = |k: &str| get(k).filter(|v| !v.trim().is_empty());
        ActionsEnv {
            in_actions: get("GITHUB_ACTIONS").as_deref() == Some("true"),
            event_name: nonempty("GITHUB_EVENT_NAME"),
            event_path: nonempty("GITHUB_EVENT_PATH").map(PathBuf::from),
            repository: nonempty("GITHUB_REPOSITORY"),
            // The public hosts are only the defaults: Enterprise servers set both.
            api_url: nonempty("GITHUB_API_URL")
                .unwrap_or_else(|| "https://api.github.com".to_string())
                .trim_end_matches('/')
                .to_string(),
            server_url: nonempty("GITHUB_SERVER_URL")
                .unwrap_or_else(|| "https://github.com".to_string())
                .trim_end_matches('/')
                .to_string(),
            run_id: nonempty("GITHUB_RUN_ID"),
            token: nonempty("GITHUB_TOKEN").map(Token),
            output: nonempty("GITHUB_OUTPUT").map(PathBuf::from),
            summary: nonempty("GITHUB_STEP_SUMMARY").map(PathBuf::from),
            runner_temp: nonempty("RUNNER_TEMP").map(PathBuf::from),
        }
    }

    pub fn from_process() -> ActionsEnv {
        ActionsEnv::from_lookup(|k| std::env::var(k).ok())
    }

    /// The page of this run, where the job summary is.
    pub fn run_url(&self) -> Option<String> {
        Some(format!(
            "{}/{}/actions/runs/{}",
            self.server_url,
            self.repository.as_ref()?,
            self.run_id.as_ref()?
        ))
    }

    /// The pull request of the triggering event, if there is one.
    pub fn pull_request(&self) -> Result<Option<PullRequest>> {
        let (Some(name), Some(path)) = (&self.event_name, &self.event_path) else {
            return Ok(None);
        };
        if !name.starts_with("pull_request") {
            return Ok(None);
        }
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read the event file", path.display()))?;
        let event: Event = serde_json::from_str(&text)
            .with_context(|| format!("{}: not a pull_request event payload", path.display()))?;
        Ok(event.pull_request.map(|pr| PullRequest {
            number: pr.number,
            base_sha: pr.base.sha,
            head_sha: pr.head.sha,
        }))
    }
}

#[derive(Deserialize)]
struct Event {
    pull_request: Option<EventPr>,
}

#[derive(Deserialize)]
struct EventPr {
    number: u64,
    base: EventRef,
    head: EventRef,
}

#[derive(Deserialize)]
struct EventRef {
    sha: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PullRequest {
    pub number: u64,
    pub base_sha: String,
    pub head_sha: String,
}

/// A token that never prints itself: `Debug` and errors show `***`.
#[derive(Clone)]
pub struct Token(String);

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(***)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// No write access: every pull request from a fork gets a read-only token.
    #[error("the token may not write here ({status}: {message})")]
    Forbidden { status: u16, message: String },
    #[error("{method} {path} answered {status}: {message}")]
    Status {
        method: String,
        path: String,
        status: u16,
        message: String,
    },
    #[error("{method} {path}: {cause}")]
    Transport {
        method: String,
        path: String,
        cause: String,
    },
    #[error("gave up on {method} {path} after {waited:?}: {last}")]
    OutOfTime {
        method: String,
        path: String,
        waited: Duration,
        last: String,
    },
}

#[derive(Clone, Debug, Deserialize)]
pub struct Comment {
    pub id: u64,
    #[serde(default)]
    pub body: Option<String>,
    pub user: Option<User>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct User {
    pub login: String,
}

/// How long and how often to try one call.
#[derive(Clone, Copy, Debug)]
pub struct Retry {
    pub attempts: u32,
    /// The first wait after a failure; doubled each time.
    pub backoff: Duration,
    /// All waits and attempts of one call stay within this.
    pub budget: Duration,
}

impl Default for Retry {
    fn default() -> Self {
        Retry {
            attempts: 5,
            backoff: Duration::from_secs(1),
            budget: Duration::from_secs(90),
        }
    }
}

pub struct Api {
    http: Client,
    base: String,
    token: Token,
    retry: Retry,
}

impl Api {
    pub fn new(base: &str, token: Token, retry: Retry) -> Result<Api> {
        let http = Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .build()
            .context("cannot set up the HTTP client")?;
        Ok(Api {
            http,
            base: base.trim_end_matches('/').to_string(),
            token,
            retry,
        })
    }

    fn request(&self, method: Method, url: &str) -> RequestBuilder {
        self.http
            .request(method, url)
            .header(AUTHORIZATION, format!("Bearer {}", self.token.0))
            .header(ACCEPT, "application/vnd.github+json")
            .header("X-GitHub-Api-Version", "2022-11-28")
            .header(USER_AGENT, concat!("auditgate/", env!("CARGO_PKG_VERSION")))
    }

    /// The path part of a URL, for messages (never the query or a host we
    /// were redirected to).
    fn label(&self, url: &str) -> String {
        let rest = url.strip_prefix(&self.base).unwrap_or(url);
        rest.split('?').next().unwrap_or(rest).to_string()
    }

    /// Sends with retries: 5xx and transport errors back off exponentially;
    /// rate limits (429, or 403 with `Retry-After` or no remaining quota) wait
    /// as long as GitHub asks. Nothing waits past the budget.
    fn send(
        &self,
        method: Method,
        url: &str,
        body: Option<&serde_json::Value>,
    ) -> Result<Response, ApiError> {
        let start = Instant::now();
        let path = self.label(url);
        let mut backoff = self.retry.backoff;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut req = self.request(method.clone(), url);
            if let Some(b) = body {
                req = req.json(b);
            }
            let (wait, last) = match req.send() {
                Ok(resp) if resp.status().is_success() => return Ok(resp),
                Ok(resp) => {
                    let status = resp.status();
                    let headers = resp.headers().clone();
                    let message = error_message(resp);
                    match rate_limit_wait(status, &headers) {
                        Some(wait) => (wait, format!("{status}: {message}")),
                        None if status.is_server_error() => {
                            (backoff, format!("{status}: {message}"))
                        }
                        None if status == StatusCode::FORBIDDEN => {
                            return Err(ApiError::Forbidden {
                                status: status.as_u16(),
                                message,
                            })
                        }
                        None => {
                            return Err(ApiError::Status {
                                method: method.to_string(),
                                path,
                                status: status.as_u16(),
                                message,
                            })
                        }
                    }
                }
                Err(e) => (backoff, e.without_url().to_string()),
            };
            let waited = start.elapsed();
            if attempt >= self.retry.attempts || waited + wait > self.retry.budget {
                return Err(if attempt >= self.retry.attempts {
                    ApiError::Transport {
                        method: method.to_string(),
                        path,
                        cause: format!("{last} (after {attempt} attempts)"),
                    }
                } else {
                    ApiError::OutOfTime {
                        method: method.to_string(),
                        path,
                        waited,
                        last,
                    }
                });
            }
            sleep(wait);
            backoff = backoff.saturating_mul(2);
        }
    }

    /// Who this token posts as. The Actions token may not ask, and posts as
    /// the Actions bot.
    pub fn viewer(&self) -> Result<String, ApiError> {
        match self.send(Method::GET, &format!("{}/user", self.base), None) {
            Ok(resp) => {
                let user: User = resp.json().map_err(|e| ApiError::Transport {
                    method: "GET".into(),
                    path: "/user".into(),
                    cause: e.without_url().to_string(),
                })?;
                Ok(user.login)
            }
            Err(ApiError::Forbidden { .. }) | Err(ApiError::Status { status: 401, .. }) => {
                Ok(ACTIONS_BOT.to_string())
            }
            Err(e) => Err(e),
        }
    }

    /// Every comment on the pull request, following `Link: rel="next"`, but
    /// only to the API host we were given: the token goes nowhere else.
    pub fn comments(&self, repo: &str, pr: u64) -> Result<Vec<Comment>, ApiError> {
        let mut url = Some(format!(
            "{}/repos/{repo}/issues/{pr}/comments?per_page=100",
            self.base
        ));
        let mut all = Vec::new();
        let mut pages = 0;
        while let Some(u) = url.take() {
            pages += 1;
            let resp = self.send(Method::GET, &u, None)?;
            let next = next_link(resp.headers());
            let page: Vec<Comment> = resp.json().map_err(|e| ApiError::Transport {
                method: "GET".into(),
                path: self.label(&u),
                cause: e.without_url().to_string(),
            })?;
            all.extend(page);
            // A runaway `next` chain must not loop forever.
            url = next.filter(|n| n.starts_with(&format!("{}/", self.base)) && pages < 1000);
        }
        Ok(all)
    }

    pub fn create_comment(&self, repo: &str, pr: u64, body: &str) -> Result<u64, ApiError> {
        let url = format!("{}/repos/{repo}/issues/{pr}/comments", self.base);
        self.send(Method::POST, &url, Some(&json!({ "body": body })))
            .and_then(|r| comment_id(r, "POST", &self.label(&url)))
    }

    pub fn update_comment(&self, repo: &str, id: u64, body: &str) -> Result<u64, ApiError> {
        let url = format!("{}/repos/{repo}/issues/comments/{id}", self.base);
        self.send(Method::PATCH, &url, Some(&json!({ "body": body })))
            .and_then(|r| comment_id(r, "PATCH", &self.label(&url)))
    }
}

fn comment_id(resp: Response, method: &str, path: &str) -> Result<u64, ApiError> {
    resp.json::<Comment>()
        .map(|c| c.id)
        .map_err(|e| ApiError::Transport {
            method: method.into(),
            path: path.into(),
            cause: e.without_url().to_string(),
        })
}

/// GitHub's `message` field, or the status text; short either way.
fn error_message(resp: Response) -> String {
    let text = resp.text().unwrap_or_default();
    let msg = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v.get("message")?.as_str().map(str::to_string))
        .unwrap_or(text);
    msg.chars().take(200).collect()
}

/// How long a rate-limited answer asks us to wait, if it is one.
fn rate_limit_wait(status: StatusCode, headers: &HeaderMap) -> Option<Duration> {
    let header = |k: &str| headers.get(k).and_then(|v| v.to_str().ok()).map(str::trim);
    let retry_after = header("retry-after").and_then(|v| v.parse::<u64>().ok());
    let exhausted = header("x-ratelimit-remaining") == Some("0");
    if status != StatusCode::TOO_MANY_REQUESTS
        && !(status == StatusCode::FORBIDDEN && (retry_after.is_some() || exhausted))
    {
        return None;
    }
    if let Some(s) = retry_after {
        return Some(Duration::from_secs(s));
    }
    if let Some(reset) = header("x-ratelimit-reset").and_then(|v| v.parse::<i64>().ok()) {
        let now = chrono::Utc::now().timestamp();
        return Some(Duration::from_secs((reset - now).clamp(1, i64::MAX) as u64));
    }
    // GitHub's advice for a secondary limit without a header: a minute.
    Some(Duration::from_secs(60))
}

/// The `rel="next"` target of a `Link` header.
fn next_link(headers: &HeaderMap) -> Option<String> {
    let link = headers.get(LINK)?.to_str().ok()?;
    link.split(',').find_map(|part| {
        let (url, params) = part.split_once(';')?;
        params
            .split(';')
            .any(|p| p.trim() == "rel=\"next\"")
            .then(|| {
                url.trim()
                    .trim_start_matches('<')
                    .trim_end_matches('>')
                    .to_string()
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn next_link_is_found_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            LINK,
            HeaderValue::from_static(
                "<https://x/api/r?page=1>; rel=\"prev\", <https://x/api/r?page=3>; rel=\"next\", <https://x/api/r?page=9>; rel=\"last\"",
            ),
        );
        assert_eq!(next_link(&h).as_deref(), Some("https://x/api/r?page=3"));
        h.insert(
            LINK,
            HeaderValue::from_static("<https://x/r?page=1>; rel=\"prev\""),
        );
        assert_eq!(next_link(&h), None);
    }

    #[test]
    fn rate_limits_are_told_apart_from_missing_permission() {
        let mut h = HeaderMap::new();
        assert_eq!(rate_limit_wait(StatusCode::FORBIDDEN, &h), None);
        h.insert("retry-after", HeaderValue::from_static("3"));
        assert_eq!(
            rate_limit_wait(StatusCode::FORBIDDEN, &h),
            Some(Duration::from_secs(3))
        );
        let mut h = HeaderMap::new();
        h.insert("x-ratelimit-remaining", HeaderValue::from_static("0"));
        h.insert("x-ratelimit-reset", HeaderValue::from_static("0"));
        assert_eq!(
            rate_limit_wait(StatusCode::FORBIDDEN, &h),
            Some(Duration::from_secs(1))
        );
        assert!(rate_limit_wait(StatusCode::TOO_MANY_REQUESTS, &HeaderMap::new()).is_some());
    }

    #[test]
    fn token_never_formats() {
        let t = Token("ghs_secret".into());
        assert!(!format!("{t:?}").contains("secret"));
    }
}

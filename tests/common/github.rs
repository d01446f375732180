//! A stand-in for the GitHub REST API on 127.0.0.1: issue comments (listed
//! in pages with `Link` headers, created, updated), `GET /user`, and faults
//! on demand. Served under `/api/v3` as GitHub Enterprise does, so a client
//! that ignored `GITHUB_API_URL` would miss it.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;

use serde_json::{json, Value};

pub const PREFIX: &str = "/api/v3";

#[derive(Clone, Debug)]
pub struct StoredComment {
    pub id: u64,
    pub login: String,
    pub body: String,
}

#[derive(Clone, Debug)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub authorization: Option<String>,
    pub body: String,
}

/// A scripted answer to the next request whose method and path start match.
#[derive(Clone, Debug)]
pub struct Fault {
    pub method: &'static str,
    pub path_contains: &'static str,
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
}

#[derive(Default)]
pub struct State {
    pub comments: Vec<StoredComment>,
    pub requests: Vec<Request>,
    pub faults: VecDeque<Fault>,
    /// `GET /user` answers this login; `None` answers 403 as it does to an
    /// Actions token, which then posts as github-actions[bot].
    pub viewer: Option<String>,
    /// Every write answers 403, as for a pull request from a fork.
    pub read_only: bool,
    pub page_size: usize,
    /// Plain downloads outside the API (release assets), by full path.
    pub files: std::collections::HashMap<String, Vec<u8>>,
    next_id: u64,
}

pub struct Server {
    pub base: String,
    pub state: Arc<Mutex<State>>,
}

impl Server {
    pub fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(Mutex::new(State {
            page_size: 2,
            next_id: 1000,
            ..State::default()
        }));
        let s = state.clone();
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let s = s.clone();
                thread::spawn(move || serve(stream, &s, addr.port()));
            }
        });
        Server {
            base: format!("http://127.0.0.1:{}{PREFIX}", addr.port()),
            state,
        }
    }

    pub fn add_comment(&self, login: &str, body: &str) -> u64 {
        let mut st = self.state.lock().unwrap();
        st.next_id += 1;
        let id = st.next_id;
        st.comments.push(StoredComment {
            id,
            login: login.to_string(),
            body: body.to_string(),
        });
        id
    }

    pub fn comments(&self) -> Vec<StoredComment> {
        self.state.lock().unwrap().comments.clone()
    }

    pub fn requests(&self) -> Vec<Request> {
        self.state.lock().unwrap().requests.clone()
    }

    /// The server's root, for downloads (`GITHUB_SERVER_URL`).
    pub fn root(&self) -> &str {
        self.base.strip_suffix(PREFIX).unwrap()
    }

    pub fn serve_file(&self, path: &str, bytes: Vec<u8>) {
        self.state
            .lock()
            .unwrap()
            .files
            .insert(path.to_string(), bytes);
    }

    pub fn fault(&self, f: Fault) {
        self.state.lock().unwrap().faults.push_back(f);
    }
}

fn serve(stream: TcpStream, state: &Mutex<State>, port: u16) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("").to_string();
    let mut length = 0usize;
    let mut authorization = None;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
            break;
        }
        let (k, v) = h.split_once(':').unwrap_or((&h, ""));
        match k.to_ascii_lowercase().as_str() {
            "content-length" => length = v.trim().parse().unwrap_or(0),
            "authorization" => authorization = Some(v.trim().to_string()),
            _ => {}
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    let body = String::from_utf8_lossy(&body).into_owned();
    let file = state.lock().unwrap().files.get(&target).cloned();
    let (status, headers, answer) = match file {
        Some(bytes) => (200, vec![], bytes),
        None if method == "GET" && !target.starts_with(PREFIX) => {
            (404, vec![], b"Not Found".to_vec())
        }
        None => {
            let (s, h, a) = route(state, &method, &target, authorization, body, port);
            (s, h, a.into_bytes())
        }
    };
    let mut out = stream;
    let mut head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
        answer.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let _ = out.write_all(head.as_bytes());
    let _ = out.write_all(&answer);
}

fn comment_json(c: &StoredComment) -> Value {
    json!({ "id": c.id, "body": c.body, "user": { "login": c.login } })
}

fn route(
    state: &Mutex<State>,
    method: &str,
    target: &str,
    authorization: Option<String>,
    body: String,
    port: u16,
) -> (u16, Vec<(&'static str, String)>, String) {
    let mut st = state.lock().unwrap();
    let path = target
        .strip_prefix(PREFIX)
        .unwrap_or("/not-under-the-api-prefix");
    st.requests.push(Request {
        method: method.to_string(),
        path: path.to_string(),
        authorization: authorization.clone(),
        body: body.clone(),
    });
    if authorization != Some(format!("Bearer {}", super::pr::TOKEN)) {
        return (401, vec![], r#"{"message":"Bad credentials"}"#.into());
    }
    if let Some(i) = st
        .faults
        .iter()
        .position(|f| f.method == method && path.contains(f.path_contains))
    {
        let f = st.faults.remove(i).unwrap();
        return (
            f.status,
            f.headers,
            r#"{"message":"scripted fault"}"#.into(),
        );
    }
    let (route, query) = path.split_once('?').unwrap_or((path, ""));
    let segs: Vec<&str> = route.trim_matches('/').split('/').collect();
    let forbidden = (
        403,
        vec![],
        r#"{"message":"Resource not accessible by integration"}"#.to_string(),
    );
    match (method, segs.as_slice()) {
        ("GET", ["user"]) => match &st.viewer {
            Some(l) => (200, vec![], json!({ "login": l }).to_string()),
            None => forbidden,
        },
        ("GET", ["repos", _, _, "issues", _, "comments"]) => {
            let page: usize = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("page="))
                .and_then(|p| p.parse().ok())
                .unwrap_or(1);
            let size = st.page_size;
            let items: Vec<Value> = st
                .comments
                .iter()
                .skip((page - 1) * size)
                .take(size)
                .map(comment_json)
                .collect();
            let mut headers = vec![];
            if page * size < st.comments.len() {
                headers.push((
                    "Link",
                    format!(
                        "<http://127.0.0.1:{port}{PREFIX}{route}?per_page=100&page={}>; rel=\"next\"",
                        page + 1
                    ),
                ));
            }
            (200, headers, Value::Array(items).to_string())
        }
        ("POST", ["repos", _, _, "issues", _, "comments"]) => {
            if st.read_only {
                return forbidden;
            }
            let login = st.viewer.clone().unwrap_or("github-actions[bot]".into());
            let text = serde_json::from_str::<Value>(&body).unwrap()["body"]
                .as_str()
                .unwrap()
                .to_string();
            st.next_id += 1;
            let c = StoredComment {
                id: st.next_id,
                login,
                body: text,
            };
            let answer = comment_json(&c).to_string();
            st.comments.push(c);
            (201, vec![], answer)
        }
        ("PATCH", ["repos", _, _, "issues", "comments", id]) => {
            if st.read_only {
                return forbidden;
            }
            let id: u64 = id.parse().unwrap();
            let text = serde_json::from_str::<Value>(&body).unwrap()["body"]
                .as_str()
                .unwrap()
                .to_string();
            match st.comments.iter_mut().find(|c| c.id == id) {
                Some(c) => {
                    c.body = text;
                    (200, vec![], comment_json(c).to_string())
                }
                None => (404, vec![], r#"{"message":"Not Found"}"#.into()),
            }
        }
        _ => (404, vec![], r#"{"message":"Not Found"}"#.into()),
    }
}

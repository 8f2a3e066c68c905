//! One log line per request, under a request id that the answer carries (`X-Request-Id`), so an
//! operator can find a user's failing request from the id on their screen.
//!
//! What is logged is chosen, not whatever a request holds: the method, the *route* (the
//! pattern, `/api/tips/{id}`, never the path or its query, which may carry a search for a
//! tip's words), the status and the time taken. No body, header or cookie is ever logged.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

/// Request ids: the process's start (seconds) and a counter, unique per server and readable.
static NEXT: AtomicU64 = AtomicU64::new(1);
static STARTED: std::sync::LazyLock<u64> = std::sync::LazyLock::new(|| {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0) % 100_000
});

fn next_id() -> String {
    format!("{:05}-{}", *STARTED, NEXT.fetch_add(1, Ordering::Relaxed))
}

/// The middleware (added with `Router::layer`, so each route's pattern is known).
pub async fn requests(req: Request, next: Next) -> Response {
    let id = next_id();
    let method = req.method().clone();
    let route = req.extensions().get::<MatchedPath>().map(|p| p.as_str().to_owned());
    let route = route.unwrap_or_else(|| "(no route)".into());
    let span = tracing::info_span!("request", id = %id, %method, %route);
    let started = Instant::now();
    let mut res = next.run(req).instrument(span.clone()).await;
    let status = res.status().as_u16();
    let ms = started.elapsed().as_millis() as u64;
    span.in_scope(|| {
        if status >= 500 {
            tracing::error!(status, ms, "answered");
        } else {
            tracing::info!(status, ms, "answered");
        }
    });
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert("x-request-id", v);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_carry_only_digits_and_a_dash() {
        let (a, b) = (next_id(), next_id());
        assert_ne!(a, b);
        assert!(a.chars().all(|c| c.is_ascii_digit() || c == '-'), "{a}");
    }
}

//! HTTP for xuncha: the JSON API under `/api`, its OpenAPI document, sessions and `/healthz`.
//!
//! Handlers are thin: they extract the signed-in actor and the input, call one use case of
//! `xuncha_app::App`, and turn the result or the error into a response.

mod api;
pub mod client;
mod error;
pub mod export;
mod extract;
pub mod openapi;
mod pages;
pub mod public;
pub mod session;
pub mod trace;
mod upload;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use tokio::net::TcpListener;
use xuncha_app::App;

pub use error::ApiError;

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    pub app: Arc<App>,
    /// Mark the session cookie `Secure` (behind HTTPS).
    pub secure_cookies: bool,
    /// Failed logins per client address (10 in 15 minutes, then refused).
    pub login_failures: Arc<public::RateLimit>,
    /// Office files between their preview and their import.
    pub pending_uploads: Arc<upload::PendingUploads>,
    /// Reverse proxies whose `X-Forwarded-For` names the client (`serve --trusted-proxy`).
    pub proxies: Arc<client::TrustedProxies>,
}

impl client::HasProxies for AppState {
    fn proxies(&self) -> &client::TrustedProxies {
        &self.proxies
    }
}

impl AppState {
    pub fn new(app: Arc<App>, secure_cookies: bool) -> Self {
        Self {
            app,
            secure_cookies,
            login_failures: Arc::new(public::RateLimit::new(10, std::time::Duration::from_secs(15 * 60))),
            pending_uploads: Arc::default(),
            proxies: Arc::default(),
        }
    }

    /// Believes `X-Forwarded-For` from these proxies (for the limits on logins and tips).
    pub fn with_proxies(mut self, proxies: client::TrustedProxies) -> Self {
        self.proxies = Arc::new(proxies);
        self
    }
}

/// The message when an address has failed to log in too often.
pub const LOGIN_LOCKED: &str = "登录失败次数过多,请15分钟后再试";

/// The whole internal router.
pub fn router(state: AppState) -> Router {
    let max_body = state.app.limits.max_evidence_bytes + 64 * 1024;
    api::routes()
        .merge(pages::routes())
        .fallback(extract::no_route)
        .method_not_allowed_fallback(extract::wrong_method)
        .layer(DefaultBodyLimit::max(max_body))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panic_answer))
        .layer(axum::middleware::from_fn(trace::requests))
        .layer(axum::middleware::from_fn(session::same_origin))
        .layer(axum::middleware::from_fn(security_headers))
        .layer(static_compression())
        .with_state(state)
}

/// Gzip for the static files (stylesheet, script, icon) only. Pages are not compressed: a page
/// holds the session's form token beside text a visitor can make it echo, which compression
/// would let an eavesdropper guess byte by byte (BREACH); pages are small and served on an
/// intranet.
pub fn static_compression() -> tower_http::compression::CompressionLayer<impl tower_http::compression::Predicate> {
    use tower_http::compression::predicate::{Predicate, SizeAbove};
    let static_file = |_: axum::http::StatusCode,
                       _: axum::http::Version,
                       headers: &axum::http::HeaderMap,
                       _: &axum::http::Extensions| {
        headers.get(axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| {
            t.starts_with("text/css") || t.starts_with("text/javascript") || t.starts_with("image/svg+xml")
        })
    };
    tower_http::compression::CompressionLayer::new().compress_when(SizeAbove::new(256).and(static_file))
}

/// A handler that panicked answers the generic 500 of the one format. Its message is neither
/// sent nor logged here: it may quote user text (the binary's panic hook logs the place only).
fn panic_answer(_payload: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    use axum::response::IntoResponse;
    ApiError(xuncha_app::AppError::internal("a handler panicked")).into_response()
}

/// Replaces the process's panic hook with one that logs where a panic happened and never what
/// it said: a panic's message may carry a tip's text (a slice out of bounds quotes the string).
pub fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let at = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
        tracing::error!(%at, "panic; its message is withheld, as it may quote user text");
    }));
}

/// Headers every response carries: no sniffing, no framing, no referrer sent to other sites
/// (`same-origin`: with `no-referrer` browsers send `Origin: null` on form posts), no caching of
/// case data.
async fn security_headers(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    use axum::http::{HeaderValue, header};
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    // Everything is served from this binary: no inline script or style, no other origin.
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    h.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-store"));
    res
}

/// Serves the internal site on `listener`, and the public side on `public` when given, until
/// `shutdown` resolves. Tests call this with listeners on port 0.
pub async fn serve(
    listener: TcpListener,
    public: Option<TcpListener>,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let addr: SocketAddr = listener.local_addr()?;
    tracing::info!(%addr, "xuncha internal site listening");
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let public_task = match public {
        Some(pl) => {
            tracing::info!(addr = %pl.local_addr()?, "xuncha public side listening");
            let app = public::router(public::PublicState::new(state.clone()))
                .layer(axum::middleware::from_fn(trace::requests))
                .layer(axum::middleware::from_fn(session::same_origin))
                .layer(axum::middleware::from_fn(security_headers))
                .layer(static_compression());
            let mut rx = stop_rx.clone();
            Some(tokio::spawn(async move {
                axum::serve(pl, app.into_make_service_with_connect_info::<SocketAddr>())
                    .with_graceful_shutdown(async move {
                        let _ = rx.wait_for(|stop| *stop).await;
                    })
                    .await
            }))
        }
        None => None,
    };
    let internal = axum::serve(listener, router(state).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async move {
            shutdown.await;
            let _ = stop_tx.send(true);
        });
    internal.await?;
    if let Some(t) = public_task {
        t.await.map_err(std::io::Error::other)??;
    }
    Ok(())
}

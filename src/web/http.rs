//! HTTP plumbing shared by every route: security headers, request logs without
//! personal data, conditional requests (ETag / 304) and HTTP dates.

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::Shared;
use crate::domain::Date;

/// Security headers on every response (OWASP Secure Headers): no script may run, no
/// one may frame us, no address leaks to the sites our sources live on.
pub async fn security_headers(
    State(state): State<Shared>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    // Behind TLS, browsers must never try plain HTTP again (OWASP HSTS cheat sheet);
    // a year, the usual minimum for preload lists. Not sent over plain HTTP, where a
    // browser ignores it anyway and a test install would be stuck with it.
    if state.secure_cookies {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    let set = |h: &mut HeaderMap, name: header::HeaderName, value: &'static str| {
        h.insert(name, HeaderValue::from_static(value));
    };
    set(
        h,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    );
    set(h, header::REFERRER_POLICY, "no-referrer");
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    response
}

/// One log line per request: method, route pattern (never the query, which may hold a
/// searched name), status and time.
pub async fn log_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "(unmatched)".to_string(), |p| p.as_str().to_string());
    let response = next.run(request).await;
    tracing::info!(
        method = %method,
        route = %route,
        status = response.status().as_u16(),
        ms = started.elapsed().as_secs_f64() * 1000.0,
        "request"
    );
    response
}

/// Starts a rebuild of the public list when the registry changed.
pub async fn freshness(State(state): State<Shared>, request: Request, next: Next) -> Response {
    state.refresh_in_background().await;
    let writes = !matches!(
        *request.method(),
        axum::http::Method::GET | axum::http::Method::HEAD
    );
    let response = next.run(request).await;
    // A form or API call that changed the record starts the rebuild at once, so the
    // public list shows the change without waiting for the next visitor to ask.
    if writes && (response.status().is_success() || response.status().is_redirection()) {
        state.registry_changed().await;
    }
    response
}

/// Answers 304 when the client already holds this version, else builds the response
/// and tags it.
pub fn conditional(
    headers: &HeaderMap,
    etag: &str,
    last_modified: Option<&str>,
    build: impl FnOnce() -> Response,
) -> Response {
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let mut response = if matches {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        build()
    };
    if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
        let h = response.headers_mut();
        if let Ok(v) = HeaderValue::from_str(etag) {
            h.insert(header::ETAG, v);
        }
        if let Some(v) = last_modified.and_then(|lm| HeaderValue::from_str(lm).ok()) {
            h.insert(header::LAST_MODIFIED, v);
        }
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, no-cache"),
        );
    }
    response
}

/// A short, stable hash (FNV-1a, as [`ContentHash`](crate::public::ContentHash)) of a
/// cache key, for ETags and cache keys; not for anything an attacker must not predict.
pub fn fnv1a(bytes: impl IntoIterator<Item = u8>) -> u64 {
    let mut h = crate::public::ContentHash::default();
    for b in bytes {
        h.add(&[b]);
    }
    h.finish()
}

/// Seconds since 1970 as RFC 3339 (`2026-11-29T19:42:30Z`).
pub fn rfc3339(secs: i64) -> String {
    let day = Date::from_days(secs.div_euclid(86_400)).unwrap_or(Date::EPOCH);
    let rem = secs.rem_euclid(86_400);
    format!(
        "{day}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// RFC 3339 back to seconds since 1970; `None` if it is not in that form.
pub fn seconds(rfc3339: &str) -> Option<i64> {
    let (day, rest) = rfc3339.split_once('T')?;
    let date = Date::parse(day).ok()?;
    let t = rest.trim_end_matches('Z');
    let mut parts = t.get(..8)?.split(':').map(|p| p.parse::<i64>().ok());
    let (h, m, s) = (parts.next()??, parts.next()??, parts.next()??);
    Some(date.to_days() * 86_400 + h * 3600 + m * 60 + s)
}

/// RFC 3339 (`2026-11-29T19:42:30Z`) to an HTTP date (`Sun, 29 Nov 2026 19:42:30 GMT`).
pub fn http_date(rfc3339: &str) -> Option<String> {
    let (day, rest) = rfc3339.split_once('T')?;
    let date = Date::parse(day).ok()?;
    let time = rest.trim_end_matches('Z').get(..8)?;
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let weekday = DAYS[usize::try_from(date.to_days().rem_euclid(7)).ok()?];
    let month = MONTHS.get(usize::from(date.month()).checked_sub(1)?)?;
    Some(format!(
        "{weekday}, {:02} {month} {} {time} GMT",
        date.day(),
        date.year()
    ))
}

#[cfg(test)]
mod tests {
    use super::http_date;

    #[test]
    fn http_dates_follow_rfc_9110() {
        assert_eq!(
            http_date("2026-11-29T19:42:30Z").as_deref(),
            Some("Sun, 29 Nov 2026 19:42:30 GMT")
        );
        assert_eq!(
            http_date("1970-01-01T00:00:00Z").as_deref(),
            Some("Thu, 01 Jan 1970 00:00:00 GMT")
        );
        assert_eq!(http_date("garbage"), None);
        assert_eq!(super::rfc3339(1_796_067_750), "2026-11-30T19:42:30Z");
        assert_eq!(super::seconds("2026-11-30T19:42:30Z"), Some(1_796_067_750));
    }
}

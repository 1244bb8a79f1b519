//! Who is asking: the client's address, also behind a reverse proxy.
//!
//! In production habeas runs behind a TLS proxy (Caddy, nginx), so every connection
//! comes from the proxy's address. With `--trusted-proxy CIDR` (repeatable) the
//! address a trusted proxy reports is taken instead: from `Forwarded` (RFC 7239) or
//! else `X-Forwarded-For`, read from the right, skipping addresses that are themselves
//! trusted proxies; the first untrusted one is the client. A header from a peer that
//! is not trusted is ignored, so a visitor cannot choose their own address. Rate
//! limits (logins, the letter counter) and security log lines use this address; the
//! request log of public pages records none (visitors of such a site are at risk).

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;

use super::Shared;

/// An address block: `10.0.0.0/8`, `::1/128`, or one address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    base: IpAddr,
    prefix: u8,
}

impl std::str::FromStr for Cidr {
    type Err = String;
    fn from_str(s: &str) -> Result<Cidr, String> {
        let bad = || format!("'{s}' is not an address block like 10.0.0.0/8 or ::1");
        let (addr, prefix) = match s.trim().split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s.trim(), None),
        };
        let base: IpAddr = addr.parse().map_err(|_| bad())?;
        let max = if base.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p.parse::<u8>().ok().filter(|p| *p <= max).ok_or_else(bad)?,
            None => max,
        };
        Ok(Cidr { base, prefix })
    }
}

impl Cidr {
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        match (canonical(self.base), ip) {
            (IpAddr::V4(b), IpAddr::V4(a)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(b) & mask == u32::from(a) & mask
            }
            (IpAddr::V6(b), IpAddr::V6(a)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(b) & mask == u128::from(a) & mask
            }
            _ => false,
        }
    }
}

/// IPv4 addresses mapped into IPv6 (`::ffff:10.0.0.1`) compare as IPv4.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The proxies whose forwarding headers are believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(pub Vec<Cidr>);

impl TrustedProxies {
    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|c| c.contains(ip))
    }

    /// The client of a request that arrived from `peer` with `headers`.
    pub fn client(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> Option<IpAddr> {
        let peer = peer.map(canonical)?;
        if !self.trusts(peer) {
            return Some(peer);
        }
        let chain = forwarded_for(headers).or_else(|| x_forwarded_for(headers));
        let Some(chain) = chain else {
            return Some(peer);
        };
        // Right to left: each hop was added by the proxy after it; the first address
        // not of a trusted proxy is where the request entered our proxies.
        let mut client = peer;
        for hop in chain.iter().rev() {
            client = canonical(*hop);
            if !self.trusts(client) {
                break;
            }
        }
        Some(client)
    }
}

/// The `for=` addresses of `Forwarded` headers, in order; `None` when there is none
/// or one cannot be read (then `X-Forwarded-For` is tried, and else the peer kept).
fn forwarded_for(headers: &HeaderMap) -> Option<Vec<IpAddr>> {
    let mut out = Vec::new();
    for value in headers.get_all("forwarded") {
        for element in value.to_str().ok()?.split(',') {
            let Some(node) = element.split(';').find_map(|pair| {
                let (k, v) = pair.trim().split_once('=')?;
                k.eq_ignore_ascii_case("for").then_some(v.trim())
            }) else {
                continue;
            };
            out.push(node_address(node)?);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// A `Forwarded` node: `192.0.2.43`, `"192.0.2.43:47011"`, `"[2001:db8::1]:4711"`.
fn node_address(node: &str) -> Option<IpAddr> {
    let node = node.trim_matches('"');
    if let Some(rest) = node.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok();
    }
    let host = match node.rsplit_once(':') {
        Some((h, port)) if port.chars().all(|c| c.is_ascii_digit()) && !h.contains(':') => h,
        _ => node,
    };
    host.parse().ok()
}

fn x_forwarded_for(headers: &HeaderMap) -> Option<Vec<IpAddr>> {
    let mut out = Vec::new();
    for value in headers.get_all("x-forwarded-for") {
        for part in value.to_str().ok()?.split(',') {
            out.push(node_address(part.trim())?);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The client's address, put on every request by [`client_address`].
#[derive(Debug, Clone, Copy)]
pub struct Client(pub Option<IpAddr>);

impl Client {
    /// The address as rate limits key it; `unknown` when the server has none (tests
    /// in process).
    pub fn key(&self) -> String {
        self.0.map_or_else(|| "unknown".into(), |ip| ip.to_string())
    }
}

/// Middleware: works out the client's address once per request.
pub async fn client_address(
    State(state): State<Shared>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let client = state.proxies.client(peer, request.headers());
    request.extensions_mut().insert(Client(client));
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn blocks_contain_their_addresses() {
        let lan: Cidr = "10.0.0.0/8".parse().unwrap();
        assert!(lan.contains(ip("10.200.3.4")));
        assert!(!lan.contains(ip("11.0.0.1")));
        assert!(lan.contains(ip("::ffff:10.1.2.3")), "mapped IPv4");
        let one: Cidr = "::1".parse().unwrap();
        assert!(one.contains(ip("::1")) && !one.contains(ip("::2")));
        let all: Cidr = "0.0.0.0/0".parse().unwrap();
        assert!(all.contains(ip("203.0.113.9")));
        for bad in ["10.0.0.0/33", "nope", "10.0.0/8", "::1/129", ""] {
            assert!(bad.parse::<Cidr>().is_err(), "{bad}");
        }
    }

    #[test]
    fn only_a_trusted_peer_is_believed_and_the_chain_is_read_from_the_right() {
        let proxies = TrustedProxies(vec![
            "127.0.0.1".parse().unwrap(),
            "10.0.0.0/8".parse().unwrap(),
        ]);
        let xff = headers(&[("x-forwarded-for", "198.51.100.7, 203.0.113.9, 10.0.0.2")]);
        // The client forged 198.51.100.7; our proxies saw 203.0.113.9.
        assert_eq!(
            proxies.client(Some(ip("127.0.0.1")), &xff),
            Some(ip("203.0.113.9"))
        );
        // From an untrusted peer the header means nothing.
        assert_eq!(
            proxies.client(Some(ip("192.0.2.1")), &xff),
            Some(ip("192.0.2.1"))
        );
        // No header: the proxy itself.
        assert_eq!(
            proxies.client(Some(ip("127.0.0.1")), &HeaderMap::new()),
            Some(ip("127.0.0.1"))
        );
        // Forwarded wins over X-Forwarded-For, with ports and IPv6 in brackets.
        let fwd = headers(&[
            (
                "forwarded",
                "for=\"[2001:db8::7]:4711\";proto=https, for=10.0.0.3",
            ),
            ("x-forwarded-for", "198.51.100.7"),
        ]);
        assert_eq!(
            proxies.client(Some(ip("10.0.0.1")), &fwd),
            Some(ip("2001:db8::7"))
        );
        let port = headers(&[("forwarded", "for=\"192.0.2.60:47011\"")]);
        assert_eq!(
            proxies.client(Some(ip("127.0.0.1")), &port),
            Some(ip("192.0.2.60"))
        );
        // An unreadable hop: the peer, never a guess.
        let junk = headers(&[("x-forwarded-for", "not-an-address")]);
        assert_eq!(
            proxies.client(Some(ip("127.0.0.1")), &junk),
            Some(ip("127.0.0.1"))
        );
        // Nobody trusted: the peer.
        assert_eq!(
            TrustedProxies::default().client(Some(ip("127.0.0.1")), &xff),
            Some(ip("127.0.0.1"))
        );
    }
}

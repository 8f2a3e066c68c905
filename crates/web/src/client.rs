//! The client's address, as the limits on logins, tips and status look-ups count it. Behind a
//! reverse proxy every request comes from the proxy, so all clients would share one limit (and
//! one attacker could lock everybody out); with the proxy's address configured as trusted, the
//! client is read from `X-Forwarded-For` instead — only then, since anyone can send that header.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;

/// Reverse proxies whose `X-Forwarded-For` is believed: addresses or networks (`10.0.0.0/8`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<(IpAddr, u8)>);

impl TrustedProxies {
    /// Parses `127.0.0.1`, `10.0.0.0/8`, `::1`, … one per item.
    pub fn parse<'a>(items: impl IntoIterator<Item = &'a str>) -> Result<Self, String> {
        let mut nets = Vec::new();
        for item in items.into_iter().map(str::trim).filter(|s| !s.is_empty()) {
            let bad = || {
                format!(
                    "无法识别的代理地址“{}”,应为IP地址或网段(如10.0.0.0/8)",
                    item.chars().take(60).collect::<String>()
                )
            };
            let (addr, bits) = match item.split_once('/') {
                Some((a, b)) => (a.parse::<IpAddr>().map_err(|_| bad())?, b.parse::<u8>().map_err(|_| bad())?),
                None => {
                    let a = item.parse::<IpAddr>().map_err(|_| bad())?;
                    (a, if a.is_ipv4() { 32 } else { 128 })
                }
            };
            if bits > if addr.is_ipv4() { 32 } else { 128 } {
                return Err(bad());
            }
            nets.push((addr, bits));
        }
        Ok(TrustedProxies(nets))
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|&(net, bits)| match (canonical(net), ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => prefix_eq(&n.octets(), &a.octets(), bits),
            (IpAddr::V6(n), IpAddr::V6(a)) => prefix_eq(&n.octets(), &a.octets(), bits),
            _ => false,
        })
    }

    /// The client behind the trusted proxies: walking `X-Forwarded-For` from the right (the
    /// entries the proxies appended), the first address that is not itself a trusted proxy. A
    /// request from an untrusted peer is that peer, whatever it claims.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.contains(peer) {
            return peer;
        }
        let mut client = peer;
        for value in headers.get_all("x-forwarded-for").iter().rev() {
            let Ok(text) = value.to_str() else { return client };
            for part in text.rsplit(',') {
                match part.trim().parse::<IpAddr>() {
                    Ok(ip) if self.contains(ip) => client = ip,
                    Ok(ip) => return ip,
                    // Garbage in the chain: trust nothing to its left.
                    Err(_) => return client,
                }
            }
        }
        client
    }
}

/// An IPv4 address written as IPv6 (`::ffff:10.0.0.1`) is the IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

fn prefix_eq(net: &[u8], addr: &[u8], bits: u8) -> bool {
    let (whole, rest) = (usize::from(bits / 8), bits % 8);
    if net[..whole] != addr[..whole] {
        return false;
    }
    rest == 0 || {
        let mask = 0xFFu8 << (8 - rest);
        net[whole] & mask == addr[whole] & mask
    }
}

/// States that know their trusted proxies.
pub trait HasProxies {
    fn proxies(&self) -> &TrustedProxies;
}

/// The client's address (see the module comment).
pub struct ClientAddr(pub IpAddr);

impl<S: HasProxies + Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::from([0, 0, 0, 0]), |ConnectInfo(addr)| addr.ip());
        Ok(ClientAddr(state.proxies().client(peer, &parts.headers)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(xff: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in xff {
            h.append("x-forwarded-for", v.parse().unwrap());
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_claims() {
        let none = TrustedProxies::default();
        assert_eq!(none.client(ip("203.0.113.9"), &headers(&["1.2.3.4"])), ip("203.0.113.9"));
    }

    #[test]
    fn behind_a_trusted_proxy_the_client_is_the_rightmost_untrusted_address() {
        let p = TrustedProxies::parse(["127.0.0.1", "10.0.0.0/8"]).unwrap();
        // A client that forges a left-hand entry gains nothing: the proxy appended the real one.
        assert_eq!(p.client(ip("127.0.0.1"), &headers(&["6.6.6.6, 198.51.100.7"])), ip("198.51.100.7"));
        assert_eq!(p.client(ip("127.0.0.1"), &headers(&["198.51.100.7, 10.1.2.3"])), ip("198.51.100.7"));
        assert_eq!(p.client(ip("::ffff:127.0.0.1"), &headers(&["198.51.100.7"])), ip("198.51.100.7"));
        assert_eq!(p.client(ip("127.0.0.1"), &headers(&[])), ip("127.0.0.1"));
        assert_eq!(p.client(ip("127.0.0.1"), &headers(&["not-an-ip, 10.0.0.5"])), ip("10.0.0.5"));
    }

    #[test]
    fn networks_match_by_prefix_and_bad_items_are_named() {
        let p = TrustedProxies::parse(["192.168.4.0/22", "fd00::/8"]).unwrap();
        assert!(p.contains(ip("192.168.7.255")) && !p.contains(ip("192.168.8.0")));
        assert!(p.contains(ip("fd12::1")) && !p.contains(ip("fe80::1")));
        assert!(TrustedProxies::parse(["10.0.0.0/33"]).unwrap_err().contains("10.0.0.0/33"));
        assert!(TrustedProxies::parse(["proxy.local"]).is_err());
    }
}

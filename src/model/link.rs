//! Links as statistics count them: which of a tweet's links it shares, and the domain of each.
//!
//! A link to a post on Twitter (`twitter.com/NAME/status/ID`, `x.com/...`) is how a quote
//! points at the tweet it quotes (v1.1 and v2 list it among the quote's links): it is counted
//! as a quote, not as a link shared. A photo's `pic.twitter.com/...` (which copied text and
//! web pages show among the words) is media, which v1.1 keeps apart from links: not shared
//! either. A domain is the link's host in lower case without a leading `www.`, as people name a
//! site (`www.Repubblica.it` → `repubblica.it`).

/// The links of a tweet that it shares: every link but those to posts on Twitter and photos.
pub fn shared(urls: &[String]) -> impl Iterator<Item = &str> {
    urls.iter()
        .map(String::as_str)
        .filter(|u| !is_post(u) && !is_media(u))
}

/// Whether a link is a photo's as Twitter shows it (`pic.twitter.com/ID`, `pic.x.com/ID`).
pub fn is_media(url: &str) -> bool {
    domain(url).is_some_and(|host| host == "pic.twitter.com" || host == "pic.x.com")
}

/// The domains of links, each once, in first-seen order.
pub fn domains<'a>(links: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for d in links.into_iter().filter_map(domain) {
        if !out.contains(&d) {
            out.push(d);
        }
    }
    out
}

/// The host of a link, lowercased, without a port, credentials or a leading `www.`; `None` when
/// it has none. A link written without its scheme (`pasocial.info/programma`) has its host first.
pub fn domain(url: &str) -> Option<String> {
    let (scheme, rest) = match url.split_once("://") {
        Some((scheme, rest)) => (Some(scheme), rest),
        None => (None, url),
    };
    if scheme.is_some_and(|s| {
        s.is_empty()
            || !s
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    }) {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match host.strip_prefix('[') {
        // An IPv6 address keeps its colons.
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.split(':').next().unwrap_or(""),
    };
    let host = host.trim_end_matches('.').to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (!host.is_empty() && !host.contains(char::is_whitespace)).then(|| host.to_string())
}

/// Whether a link is to a post on Twitter: `/status/ID` (or `/statuses/ID`) on `twitter.com`,
/// `x.com` or their mobile sites.
pub fn is_post(url: &str) -> bool {
    let Some(host) = domain(url) else {
        return false;
    };
    let host = host
        .strip_prefix("mobile.")
        .or_else(|| host.strip_prefix("m."))
        .unwrap_or(&host);
    if !matches!(host, "twitter.com" | "x.com") {
        return false;
    }
    let path = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest)
        .split(['?', '#'])
        .next()
        .unwrap_or("");
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    segments.windows(2).any(|w| {
        matches!(w[0], "status" | "statuses")
            && !w[1].is_empty()
            && w[1].bytes().all(|b| b.is_ascii_digit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_domain_is_the_lowercased_host_without_www() {
        for (url, host) in [
            ("https://www.Repubblica.it/politica/x?a=1", "repubblica.it"),
            ("http://pasocial.info", "pasocial.info"),
            ("http://user:pw@Example.org:8080/a", "example.org"),
            ("https://bit.ly/3xYz#top", "bit.ly"),
            ("pasocial.info/programma", "pasocial.info"),
            ("http://[2001:db8::1]:80/x", "2001:db8::1"),
            ("https://t.co/Xy12AbCd", "t.co"),
        ] {
            assert_eq!(domain(url).as_deref(), Some(host), "{url}");
        }
        for bad in ["", "https://", "https:///path", "ht tp://x.org", "://x.org"] {
            assert_eq!(domain(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn links_to_tweets_and_photos_are_not_shared_others_are() {
        let urls: Vec<String> = [
            "https://twitter.com/AleMiglioz/status/666623062345633792",
            "https://mobile.twitter.com/x/status/1?s=20",
            "https://x.com/i/web/status/12",
            "https://twitter.com/AleMiglioz",
            "https://twitter.com/hashtag/pasocial",
            "https://example.org/status/1",
            "pic.twitter.com/dEydQsY4yc",
            "https://pic.x.com/AbCdEf1234",
            "http://www.pasocial.info/programma",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            shared(&urls).collect::<Vec<_>>(),
            [
                "https://twitter.com/AleMiglioz",
                "https://twitter.com/hashtag/pasocial",
                "https://example.org/status/1",
                "http://www.pasocial.info/programma",
            ]
        );
        assert_eq!(
            domains(shared(&urls)),
            ["twitter.com", "example.org", "pasocial.info"]
        );
    }
}

// Package party decides whom a host belongs to relative to a scanned site:
// the registrable domain (eTLD+1, from the Public Suffix List) of a host,
// and whether it is the site's own (first party) or someone else's (third
// party). It also turns what a user types into a scan target URL.
package party

import (
	"net"
	"strings"

	"github.com/candor-audit/candor/internal/result"
	"golang.org/x/net/publicsuffix"
)

// Site returns the registrable domain (eTLD+1) of host, lower-cased and
// without a port or trailing dot. An IP address, "localhost" and a host
// that is itself a public suffix are their own site.
func Site(host string) string {
	h := cleanHost(host)
	if h == "" {
		return ""
	}
	if net.ParseIP(h) != nil {
		return h
	}
	site, err := publicsuffix.EffectiveTLDPlusOne(h)
	if err != nil {
		return h
	}
	return site
}

// cleanHost lower-cases host and strips a port, brackets, a leading dot
// (as in a cookie domain) and a trailing dot.
func cleanHost(host string) string {
	h := strings.ToLower(strings.TrimSpace(host))
	if strings.HasPrefix(h, "[") {
		if end := strings.Index(h, "]"); end > 0 {
			return h[1:end]
		}
	}
	if hh, _, err := net.SplitHostPort(h); err == nil {
		h = hh
	}
	h = strings.TrimPrefix(h, ".")
	h = strings.TrimSuffix(h, ".")
	return h
}

// Classifier says which hosts are first party for one scanned site.
// The zero value treats every host as third party.
type Classifier struct {
	sites map[string]bool
}

// NewClassifier returns a classifier for the site of siteHost plus the sites
// of the extra first-party domains (the --first-party flag).
func NewClassifier(siteHost string, firstParty ...string) *Classifier {
	c := &Classifier{sites: map[string]bool{}}
	if s := Site(siteHost); s != "" {
		c.sites[s] = true
	}
	for _, d := range firstParty {
		if s := Site(d); s != "" {
			c.sites[s] = true
		}
	}
	return c
}

// Of returns the party of host (a host name, host:port or cookie domain).
func (c *Classifier) Of(host string) result.Party {
	if c != nil && c.sites[Site(host)] {
		return result.FirstParty
	}
	return result.ThirdParty
}

// SameSite reports whether host belongs to the first party.
func (c *Classifier) SameSite(host string) bool {
	return c.Of(host) == result.FirstParty
}

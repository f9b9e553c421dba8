package checks

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/candor-audit/candor/internal/entities"
	"github.com/candor-audit/candor/internal/party"
	"github.com/candor-audit/candor/internal/result"
)

const (
	siteHost = "site.example"
	siteURL  = "https://site.example/"
)

var scanStart = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

// testEntities loads the embedded entity data once per test binary run;
// tests only read it.
func testEntities(t testing.TB) *entities.DB {
	t.Helper()
	db, err := entities.Load()
	if err != nil {
		t.Fatalf("load entities: %v", err)
	}
	return db
}

// cleanSite is a result for an https site with sound headers, TLS 1.3,
// a redirect from http, and nothing else: every claim about it is kept.
func cleanSite() *result.Result {
	yes := true
	r := result.New(siteURL, "test")
	r.FinalURL = siteURL
	r.StartedAt = scanStart
	r.Pages = []result.Page{{URL: siteURL, FinalURL: siteURL, Status: 200, Title: "Site"}}
	r.Requests = []result.Request{req(siteHost, "/", "Document"), req(siteHost, "/app.js", "Script")}
	r.Security = result.Security{
		HTTPSRedirect: &yes,
		HSTS:          &result.HSTS{MaxAge: 63072000, IncludeSubdomains: true, Raw: "max-age=63072000; includeSubDomains"},
		Headers: map[string]string{
			"content-type":                 "text/html",
			"content-security-policy":      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; frame-ancestors 'none'",
			"strict-transport-security":    "max-age=63072000; includeSubDomains",
			"x-content-type-options":       "nosniff",
			"x-frame-options":              "DENY",
			"referrer-policy":              "strict-origin-when-cross-origin",
			"cross-origin-resource-policy": "same-origin",
			"cross-origin-opener-policy":   "same-origin",
		},
		TLS: &result.TLS{Protocol: "TLS 1.3", Cipher: "TLS_AES_128_GCM_SHA256", Issuer: "Test CA", Subject: siteHost,
			NotBefore: scanStart.AddDate(0, -1, 0), NotAfter: scanStart.AddDate(0, 2, 0), Legacy: []string{}},
		MixedContent: []result.MixedContent{},
	}
	r.Policy = result.Policy{URL: siteURL + "privacy", FoundBy: "link-rel", Claims: []result.Claim{}}
	return r
}

// req builds a request from the site's page to host.
func req(host, path, typ string) result.Request {
	p := result.FirstParty
	if party.Site(host) != siteHost {
		p = result.ThirdParty
	}
	return result.Request{URL: "https://" + host + path, Host: host, Site: party.Site(host), Party: p,
		ResourceType: typ, Method: "GET", Status: 200, Page: siteURL}
}

// inFrame marks a request as made inside an iframe loaded from frameURL.
func inFrame(q result.Request, frameURL string) result.Request {
	q.FrameURL = frameURL
	return q
}

// cookie builds a cookie; a domain outside the site is third-party.
func cookie(name, domain, setBy string) result.Cookie {
	p := result.FirstParty
	if party.Site(domain) != siteHost {
		p = result.ThirdParty
	}
	return result.Cookie{Name: name, Domain: domain, Path: "/", Party: p, Secure: true, HTTPOnly: setBy != result.SetByScript,
		SameSite: "Lax", SetBy: result.SetBy{Kind: setBy}, Page: siteURL}
}

// claim builds a website claim with a quote; offsets keep IDs distinct.
func claim(kind, subject string, offset int) result.Claim {
	return result.Claim{Kind: kind, Subject: subject, Scope: result.ScopeWebsite, Offset: offset,
		Quote: fmt.Sprintf("The policy says %s %s.", kind, subject), Rule: "test"}
}

// judge runs the check id on r and returns its findings.
func judge(t testing.TB, r *result.Result, id string) []result.Finding {
	t.Helper()
	c, ok := ByID(id)
	if !ok {
		t.Fatalf("no check %s", id)
	}
	in, err := NewInput(r, Options{Entities: testEntities(t)})
	if err != nil {
		t.Fatalf("NewInput: %v", err)
	}
	return RunChecks(in, []Check{c})
}

// only returns the single finding of check id on r.
func only(t testing.TB, r *result.Result, id string) result.Finding {
	t.Helper()
	fs := judge(t, r, id)
	if len(fs) != 1 {
		t.Fatalf("%s gave %d findings, want 1: %+v", id, len(fs), fs)
	}
	return fs[0]
}

// hasEvidence reports whether f lists evidence of kind naming s (in its
// URL, host, name or value).
func hasEvidence(f result.Finding, kind, s string) bool {
	for _, ev := range f.Evidence {
		if ev.Kind == kind && (strings.Contains(ev.URL, s) || ev.Host == s || ev.Name == s || ev.Value == s) {
			return true
		}
	}
	return false
}

func describe(f result.Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s/%s: %s", f.ID, f.Outcome, f.Severity, f.Message)
	for _, ev := range f.Evidence {
		fmt.Fprintf(&b, "\n    %s %s%s%s %s %s", ev.Kind, ev.URL, ev.Name, ev.Value, ev.Org, ev.Detail)
	}
	return b.String()
}

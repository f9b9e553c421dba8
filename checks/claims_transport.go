package checks

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/candor-audit/candor/internal/result"
)

// tlsVersionRE finds a TLS or SSL version in a claim subject or a protocol
// name: "TLS 1.2", "TLSv1.3", "1.2+".
var tlsVersionRE = regexp.MustCompile(`(?i)(?:(tls|ssl)\s*v?\s*)?([0-9])\.([0-9])`)

// tlsVersion parses a protocol version to a comparable number (TLS 1.2 is
// 12; SSL 3.0 is 3); ok is false when s names none.
func tlsVersion(s string) (int, bool) {
	m := tlsVersionRE.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	major, _ := strconv.Atoi(m[2])
	minor, _ := strconv.Atoi(m[3])
	if strings.EqualFold(m[1], "ssl") {
		return major, true
	}
	if major != 1 {
		return 0, false
	}
	return 10 + minor, true
}

// judgeEncryptsInTransit: the site is served over https with TLS at or
// above the claimed minimum, refuses older versions when probed, redirects
// http to https and loads no unblocked mixed content.
func judgeEncryptsInTransit(in *Input, c result.Claim) verdict {
	sec := in.Result.Security
	var d decision
	add := func(l *evidenceList, key string, ev result.Evidence) { l.add(key, ev) }
	min, hasMin := tlsVersion(c.Subject)

	switch {
	case !in.https:
		add(&d.breaking, "scheme", result.Evidence{Kind: EvPage, URL: in.Result.FinalURL, Detail: "the site was served over plain http"})
	case sec.TLS == nil:
		add(&d.ambiguous, "tls", result.Evidence{Kind: EvTLS, URL: in.Result.FinalURL, Detail: "no TLS details were recorded"})
	default:
		v, ok := tlsVersion(sec.TLS.Protocol)
		switch {
		case !ok:
			add(&d.ambiguous, "proto", result.Evidence{Kind: EvTLS, Value: sec.TLS.Protocol, Detail: "protocol version not recognised"})
		case hasMin && v < min:
			add(&d.breaking, "proto", result.Evidence{Kind: EvTLS, Value: sec.TLS.Protocol, Detail: "negotiated below the stated minimum " + c.Subject})
		}
		switch {
		case sec.TLS.Legacy == nil && hasMin && min > 10:
			add(&d.ambiguous, "legacy", result.Evidence{Kind: EvTLS, Detail: "older TLS versions were not probed, so the stated minimum cannot be confirmed"})
		default:
			for _, old := range sec.TLS.Legacy {
				lv, _ := tlsVersion(old)
				ev := result.Evidence{Kind: EvTLS, Value: old, Detail: "the server still accepts " + old}
				if hasMin && lv < min {
					ev.Detail += ", below the stated minimum " + c.Subject
					add(&d.breaking, "legacy"+old, ev)
				} else {
					add(&d.notes, "legacy"+old, ev)
				}
			}
		}
	}
	switch {
	case sec.HTTPSRedirect == nil:
		add(&d.ambiguous, "redirect", result.Evidence{Kind: EvPage, Detail: "whether http:// redirects to https could not be checked"})
	case !*sec.HTTPSRedirect:
		add(&d.breaking, "redirect", result.Evidence{Kind: EvPage, URL: "http://" + in.host + "/", Detail: "http:// does not redirect to https"})
	}
	for _, m := range sec.MixedContent {
		ev := result.Evidence{Kind: EvRequest, URL: m.URL, Page: m.Page, Detail: m.ResourceType + " over plain http on an https page"}
		if m.Blocked {
			ev.Detail += " (blocked by the browser)"
			add(&d.notes, "mixed"+m.URL, ev)
		} else {
			add(&d.breaking, "mixed"+m.URL, ev)
		}
	}
	scope := ""
	if c.Scope == result.ScopeService {
		scope = " The claim speaks of the whole service; only the website's connection was checked."
	}
	proto := ""
	if sec.TLS != nil {
		proto = sec.TLS.Protocol
	}
	v := d.verdict(in, result.OutcomeKept,
		"Data is not always encrypted in transit: %s."+scope,
		"Encryption in transit could not be fully checked (%s)."+scope,
		"The site is served over "+proto+" and redirects http to https (notes: %s)."+scope,
		"The site is served over "+proto+", redirects http to https and loads no mixed content on %s."+scope)
	return v
}

// judgeSecurityHeaders holds a claim of good security headers against the
// hygiene grade: A+ to B- keep it, D+ and below (under 45) break it, and
// the C range leaves it to a person.
func judgeSecurityHeaders(in *Input, _ result.Claim) verdict {
	score, grade, ok := hygieneScore(in.hygiene)
	if !ok || len(in.Result.Security.Headers) == 0 {
		return verdict{outcome: result.OutcomeUnverifiable, message: "No response headers were recorded, so the security headers cannot be graded."}
	}
	var failing []result.Evidence
	var names []string
	for _, name := range observatoryOrder {
		r, ok := in.hygiene[name]
		if ok && r.scored && r.modifier < 0 {
			failing = append(failing, result.Evidence{Kind: EvObservatory, Name: r.code, Value: strconv.Itoa(r.modifier), Detail: r.message})
			names = append(names, r.code)
		}
	}
	msg := fmt.Sprintf("The security headers grade %s (%d/100, Mozilla HTTP Observatory scoring)", grade, score)
	switch {
	case score >= 65:
		return verdict{outcome: result.OutcomeKept, evidence: failing, message: msg + "."}
	case score < 45:
		return verdict{outcome: result.OutcomeBroken, evidence: failing, message: msg + ": " + strings.Join(names, ", ") + "."}
	}
	return verdict{outcome: result.OutcomeUnverifiable, evidence: failing,
		message: msg + "; whether a C grade keeps this claim is for a person to judge."}
}

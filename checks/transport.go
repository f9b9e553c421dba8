package checks

import (
	"fmt"
	"strings"
	"time"

	"github.com/candor-audit/candor/internal/result"
)

// certExpiryWindow is how close to expiry a certificate fails.
const certExpiryWindow = 14 * 24 * time.Hour

func judgeCertExpiry(in *Input) []result.Finding {
	t := in.Result.Security.TLS
	f := result.Finding{}
	switch {
	case !in.https:
		f.Outcome, f.Message = result.OutcomeInfo, "The site is served over plain http: there is no certificate."
	case t == nil || t.NotAfter.IsZero():
		f.Outcome, f.Message = result.OutcomeUnverifiable, "No certificate details were recorded."
	case in.Now.IsZero():
		f.Outcome, f.Message = result.OutcomeUnverifiable, "The result has no scan time to measure the certificate's remaining life against."
	default:
		left := t.NotAfter.Sub(in.Now)
		ev := result.Evidence{Kind: EvTLS, Name: "certificate", Value: t.NotAfter.UTC().Format(time.RFC3339),
			Detail: fmt.Sprintf("subject %s, issuer %s", t.Subject, t.Issuer)}
		f.Evidence = []result.Evidence{ev}
		days := int(left.Hours() / 24)
		switch {
		case left <= 0:
			f.Outcome, f.Severity = result.OutcomeFail, result.SeverityCritical
			f.Message = fmt.Sprintf("The certificate expired on %s.", t.NotAfter.UTC().Format("2006-01-02"))
		case left < certExpiryWindow:
			f.Outcome = result.OutcomeFail
			f.Message = fmt.Sprintf("The certificate expires in %d days (%s).", days, t.NotAfter.UTC().Format("2006-01-02"))
		default:
			f.Outcome = result.OutcomePass
			f.Message = fmt.Sprintf("The certificate is valid for %d more days.", days)
		}
	}
	return []result.Finding{f}
}

func judgeLegacyTLS(in *Input) []result.Finding {
	t := in.Result.Security.TLS
	f := result.Finding{}
	switch {
	case !in.https:
		f.Outcome, f.Message = result.OutcomeInfo, "The site is served over plain http."
	case t == nil:
		f.Outcome, f.Message = result.OutcomeUnverifiable, "No TLS details were recorded."
	case t.Legacy == nil:
		f.Outcome, f.Message = result.OutcomeUnverifiable, "Whether the server accepts TLS 1.0 or 1.1 was not probed."
	case len(t.Legacy) == 0:
		f.Outcome, f.Message = result.OutcomePass, "The server refused TLS 1.0 and TLS 1.1."
	default:
		for _, v := range t.Legacy {
			f.Evidence = append(f.Evidence, result.Evidence{Kind: EvTLS, Value: v, Detail: "handshake completed with " + v})
		}
		f.Outcome = result.OutcomeFail
		f.Message = "The server still accepts " + strings.Join(t.Legacy, " and ") + ", deprecated by RFC 8996."
	}
	return []result.Finding{f}
}

func judgeMixedContent(in *Input) []result.Finding {
	f := result.Finding{}
	if !in.https {
		f.Outcome, f.Message = result.OutcomeInfo, "The site is served over plain http; mixed content does not apply."
		return []result.Finding{f}
	}
	blocked, loaded := 0, 0
	for _, m := range in.Result.Security.MixedContent {
		d := m.ResourceType + " over plain http"
		if m.Blocked {
			blocked++
			d += " (blocked by the browser)"
		} else {
			loaded++
		}
		f.Evidence = append(f.Evidence, result.Evidence{Kind: EvRequest, URL: m.URL, Page: m.Page, Detail: d})
	}
	switch {
	case loaded > 0:
		f.Outcome, f.Message = result.OutcomeFail, fmt.Sprintf("%d plain-http resources loaded on https pages.", loaded)
	case blocked > 0:
		f.Outcome, f.Severity = result.OutcomeInfo, result.SeverityLow
		f.Message = fmt.Sprintf("%d plain-http resources were referenced and blocked by the browser.", blocked)
	case !in.scanned():
		f.Outcome, f.Message = result.OutcomeUnverifiable, "No page loaded."
	default:
		f.Outcome, f.Message = result.OutcomePass, "No plain-http resource on "+in.pagesPhrase()+"."
	}
	return []result.Finding{f}
}

func judgeCOOP(in *Input) []result.Finding {
	h := in.Result.Security.Headers
	f := result.Finding{}
	if len(h) == 0 {
		f.Outcome, f.Message = result.OutcomeUnverifiable, "No response headers were recorded."
		return []result.Finding{f}
	}
	raw := h["cross-origin-opener-policy"]
	v := strings.ToLower(strings.TrimSpace(strings.SplitN(raw, ";", 2)[0]))
	if raw != "" {
		f.Evidence = []result.Evidence{headerEvidence("cross-origin-opener-policy", raw, "")}
	}
	switch v {
	case "same-origin", "same-origin-allow-popups", "noopener-allow-popups":
		f.Outcome, f.Message = result.OutcomePass, "Cross-Origin-Opener-Policy is "+v+"."
	case "", "unsafe-none":
		f.Outcome, f.Severity = result.OutcomeInfo, result.SeverityLow
		f.Message = "No isolating Cross-Origin-Opener-Policy: pages this one opens can reach back to it."
	default:
		f.Outcome, f.Message = result.OutcomeFail, "Cross-Origin-Opener-Policy has no recognised value."
	}
	return []result.Finding{f}
}

package checks

import (
	"fmt"
	"strings"

	"github.com/candor-audit/candor/internal/result"
)

// Markdown renders the registry as docs/checks.md: every check's ID,
// title, severity, rationale, remediation and verdict rule, and the
// hygiene rules side by side with Mozilla HTTP Observatory's.
func Markdown() []byte {
	var b strings.Builder
	b.WriteString("<!-- Generated from the registry in checks/registry.go by `go test ./checks -update`. Do not edit. -->\n\n")
	b.WriteString("# Checks\n\n")
	b.WriteString("Candor judges a scan result with the checks below, in this order. Each finding's ID is the check ID, ")
	b.WriteString("followed for claim checks by `/<offset in the policy>[-<subject>]` and for undisclosed practice by `/<organisation>`, ")
	b.WriteString("so IDs stay stable across runs of the same site.\n\n")
	b.WriteString("Outcomes: `kept`, `broken` and `unverifiable` for claims (`out-of-scope` for claims about an app), ")
	b.WriteString("`pass` and `fail` for hygiene, `info` for what a person should read, `error` when judgement could not run. ")
	b.WriteString("\"Could not check\" is never `pass` or `kept`. A claim is `broken` only with concrete evidence and the policy's quote; ")
	b.WriteString("ambiguous evidence makes it `unverifiable`, with the evidence listed for a person to judge.\n\n")
	b.WriteString("Every claim with scope `app` is `out-of-scope` whatever its kind. Claims with scope `website`, `service` or `unspecified` are judged ")
	b.WriteString("on what the browser saw. A claim with observations to judge is `unverifiable` when no page loaded.\n\n")
	b.WriteString("A request made inside the iframe of an embed the policy discloses (a YouTube player fetching its own ads) is the embed's doing: ")
	b.WriteString("it is listed on the claim, does not change its verdict, and is not undisclosed.\n\n")
	b.WriteString(phasesIntro)

	sections := []struct {
		group Group
		title string
	}{
		{GroupClaim, "Claims"},
		{GroupUndisclosed, "Undisclosed practice"},
		{GroupConsent, "Consent"},
		{GroupPolicy, "The policy"},
		{GroupHygiene, "Hygiene"},
	}
	for _, s := range sections {
		fmt.Fprintf(&b, "## %s\n\n", s.title)
		if s.group == GroupClaim {
			b.WriteString("| Claim kind | Check | Verdict rule |\n|---|---|---|\n")
			for _, c := range All() {
				if c.Group != GroupClaim {
					continue
				}
				kinds := "any other kind"
				if len(c.Claims) > 0 {
					kinds = "`" + strings.Join(c.Claims, "`, `") + "`"
				}
				fmt.Fprintf(&b, "| %s | [%s](#%s) | %s |\n", kinds, c.ID, strings.ToLower(c.ID), cell(c.Rule))
			}
			b.WriteString("\n")
		}
		if s.group == GroupHygiene {
			b.WriteString(hygieneIntro)
			b.WriteString("| Check | Candor | Mozilla HTTP Observatory |\n|---|---|---|\n")
			for _, c := range All() {
				if c.Group == GroupHygiene {
					fmt.Fprintf(&b, "| [%s](#%s) | %s | %s |\n", c.ID, strings.ToLower(c.ID), cell(c.Rule), cell(c.Observatory))
				}
			}
			b.WriteString("\n")
		}
		for _, c := range All() {
			if c.Group != s.group {
				continue
			}
			fmt.Fprintf(&b, "### %s\n\n", c.ID)
			fmt.Fprintf(&b, "**%s** · severity when it fails: %s", c.Title, severityText(c))
			if len(c.Claims) > 0 {
				fmt.Fprintf(&b, " · judges `%s`", strings.Join(c.Claims, "`, `"))
			}
			b.WriteString("\n\n")
			fmt.Fprintf(&b, "- Why: %s\n- Rule: %s\n- Fix: %s\n", c.Rationale, c.Rule, c.Remediation)
			if c.Observatory != "" {
				fmt.Fprintf(&b, "- Observatory: %s\n", c.Observatory)
			}
			b.WriteString("\n")
		}
	}
	return []byte(b.String())
}

const phasesIntro = "A scan loads the site in phases, each in a browser context of its own: `landed` (the crawl, no interaction), " +
	"and when a cookie banner is found `reject` and `accept` (the landing page after clicking the banner's first-layer Reject all or Accept all, " +
	"recording only what the click and the next view of the page brought), and with --gpc `gpc` (the landing page with Global Privacy Control " +
	"and Do Not Track on). Observations of the landed phase carry no `phase` label; the others carry theirs, and evidence from them says which. " +
	"Claims about what the site uses (cookies, analytics, advertising, tracking, scripts, disclosures) and undisclosed practice are judged on " +
	"every phase: accepting a banner does not make \"we use no analytics\" true. Pages counted in \"the pages scanned\", and the cookie flags " +
	"hygiene test, are the landed phase's.\n\n"

const hygieneIntro = "Hygiene is judged independently of the policy. The scored tests follow Mozilla HTTP Observatory: " +
	"start at 100, add each test's modifier, floor at 0, and add bonuses only when the score without them is at least 90. " +
	"Grades: 100+ A+, 90 A, 85 A-, 80 B+, 70 B, 65 B-, 60 C+, 50 C, 45 C-, 40 D+, 30 D, 25 D-, below 25 F. " +
	"Each scored finding carries an `observatory` evidence item naming the Observatory result and its modifier; " +
	"`Summarize` adds them up into `summary.hygiene_score` and `summary.hygiene_grade`. A test that could not run on what the " +
	"result holds is `unverifiable` and not scored. Candor's extra tests (COOP, mixed content, certificate expiry, legacy TLS) " +
	"are reported without changing the score.\n\n"

func severityText(c Check) string {
	switch c.ID {
	case "CANDOR-UNDISCLOSED":
		return "by category (high, medium or low)"
	case "CANDOR-TLS-CERT-EXPIRY":
		return "high (critical once expired)"
	}
	if c.Severity == result.SeverityInfo {
		return "info (never fails)"
	}
	return string(c.Severity)
}

// cell makes text safe inside a Markdown table cell.
func cell(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "|", "\\|"), "\n", " ")
}

package reports

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/candor-audit/candor/internal/result"
	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
)

// informationURI is where a SARIF viewer sends people to learn about Candor.
const informationURI = "https://github.com/candor-audit/candor"

// sarifWriter writes SARIF 2.1.0 for code scanning. Rules come from the
// check metadata the findings carry (check id, title, severity); results
// are the findings that need a person — broken, fail, unverifiable, error —
// at a level from their severity, located at the policy URL (with the
// quote as snippet) and at the page the evidence was seen on. Site strings
// are plain SARIF text: controls removed, brackets escaped.
type sarifWriter struct{}

// sarifLevel maps a severity to a SARIF level.
func sarifLevel(s result.Severity) string {
	switch s {
	case result.SeverityCritical, result.SeverityHigh:
		return "error"
	case result.SeverityMedium:
		return "warning"
	}
	return "note"
}

// securitySeverity is the score GitHub code scanning sorts alerts by.
func securitySeverity(s result.Severity) string {
	switch s {
	case result.SeverityCritical:
		return "9.5"
	case result.SeverityHigh:
		return "8.0"
	case result.SeverityMedium:
		return "5.5"
	case result.SeverityLow:
		return "3.0"
	}
	return "1.0"
}

func severityRank(s result.Severity) int {
	switch s {
	case result.SeverityInfo:
		return 1
	case result.SeverityLow:
		return 2
	case result.SeverityMedium:
		return 3
	case result.SeverityHigh:
		return 4
	case result.SeverityCritical:
		return 5
	}
	return 0
}

// sarifKind says whether a finding with outcome o becomes a SARIF result,
// and of which kind.
func sarifKind(o result.Outcome) (string, bool) {
	switch o {
	case result.OutcomeBroken, result.OutcomeFail:
		return "fail", true
	case result.OutcomeUnverifiable, result.OutcomeError:
		return "review", true
	}
	return "", false
}

func (sarifWriter) Write(w io.Writer, r *result.Result) error {
	rep := buildSARIF(r)
	if err := rep.PrettyWrite(w); err != nil {
		return fmt.Errorf("encode sarif: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// buildSARIF turns a result into a SARIF log with one run.
func buildSARIF(r *result.Result) *sarif.Report {
	rep := sarif.NewReport()
	run := sarif.NewRunWithInformationURI("candor", informationURI)
	run.Tool.Driver.WithVersion(orDash(r.Tool.Version)).WithFullName("Candor privacy audit")

	// One rule per check, at the highest severity any finding gave it.
	type rule struct {
		title string
		sev   result.Severity
	}
	rules := map[string]*rule{}
	for _, f := range r.Findings {
		if _, ok := sarifKind(f.Outcome); !ok {
			continue
		}
		ru, ok := rules[f.Check]
		if !ok {
			ru = &rule{title: f.Title, sev: f.Severity}
			rules[f.Check] = ru
		}
		if severityRank(f.Severity) > severityRank(ru.sev) {
			ru.sev = f.Severity
		}
	}
	ids := make([]string, 0, len(rules))
	for id := range rules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		ru := rules[id]
		props := sarif.NewPropertyBag()
		props.Add("security-severity", securitySeverity(ru.sev))
		props.Add("severity", string(ru.sev))
		props.AddTag("privacy")
		run.AddRule(id).
			WithName(ruleName(id)).
			WithDescription(sarifText(ru.title)).
			WithFullDescription(sarif.NewMultiformatMessageString().WithText(sarifText(ru.title))).
			WithHelp(sarif.NewMultiformatMessageString().WithText("See " + informationURI + "/blob/main/docs/checks.md for what " + id + " checks and how to fix it.")).
			WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarifLevel(ru.sev))).
			WithProperties(props)
	}

	for _, f := range r.Findings {
		kind, ok := sarifKind(f.Outcome)
		if !ok {
			continue
		}
		level := sarifLevel(f.Severity)
		if kind == "review" {
			level = "note"
		}
		res := run.CreateResultForRule(f.Check).
			WithKind(kind).
			WithLevel(level).
			WithMessage(sarif.NewTextMessage(sarifMessage(f))).
			WithPartialFingerprints(map[string]string{"candorFindingId/v1": f.ID})
		props := sarif.NewPropertyBag()
		props.Add("outcome", string(f.Outcome))
		props.Add("severity", string(f.Severity))
		res.WithProperties(props)
		for _, loc := range sarifLocations(r, f) {
			res.AddLocation(loc)
		}
	}
	rep.AddRun(run)
	return rep
}

// ruleName turns CANDOR-CLAIM-NO-ANALYTICS into ClaimNoAnalytics.
func ruleName(id string) string {
	var b strings.Builder
	for i, part := range strings.Split(strings.ToLower(id), "-") {
		if i == 0 && part == "candor" || part == "" {
			continue
		}
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	if b.Len() == 0 {
		return "Check"
	}
	return b.String()
}

// sarifMessage is the finding's message, its claim quote and its evidence
// in one plain paragraph.
func sarifMessage(f result.Finding) string {
	var parts []string
	title := f.Title
	if f.Message != "" {
		title += ": " + f.Message
	}
	parts = append(parts, sarifText(title))
	if f.Claim != nil && f.Claim.Quote != "" {
		parts = append(parts, "Policy says: \""+sarifText(f.Claim.Quote)+"\"")
	}
	for _, e := range f.Evidence {
		p := describeEvidence(e)
		s := p.Kind + " " + p.Main
		if len(p.Extra) > 0 {
			s += " (" + joinLabelled(p.Extra) + ")"
		}
		parts = append(parts, "Evidence: "+sarifText(s))
	}
	return strings.Join(parts, " ")
}

// sarifLocations are the policy (with the quote as snippet) for a claim
// finding, and the first page the evidence was seen on, else the site.
func sarifLocations(r *result.Result, f result.Finding) []*sarif.Location {
	var locs []*sarif.Location
	if f.Claim != nil && r.Policy.URL != "" {
		region := sarif.NewRegion().WithCharOffset(max(f.Claim.Offset, 0))
		if f.Claim.Quote != "" {
			region.WithCharLength(len([]rune(f.Claim.Quote))).
				WithSnippet(sarif.NewArtifactContent().WithText(plain(f.Claim.Quote)))
		}
		locs = append(locs, sarif.NewLocationWithPhysicalLocation(
			sarif.NewPhysicalLocation().
				WithArtifactLocation(sarif.NewSimpleArtifactLocation(uriRef(r.Policy.URL))).
				WithRegion(region)).
			WithMessage(sarif.NewTextMessage("privacy policy")))
	}
	page := ""
	for _, e := range f.Evidence {
		if e.Page != "" {
			page = e.Page
			break
		}
	}
	if page == "" {
		page = r.FinalURL
	}
	if page == "" {
		page = r.Target
	}
	if page != "" {
		locs = append(locs, sarif.NewLocationWithPhysicalLocation(
			sarif.NewPhysicalLocation().
				WithArtifactLocation(sarif.NewSimpleArtifactLocation(uriRef(page)))).
			WithMessage(sarif.NewTextMessage("page")))
	}
	return locs
}

// uriRef percent-encodes every byte that may not appear in a URI, so a
// hostile URL is still a valid SARIF uri and carries nothing executable.
func uriRef(s string) string {
	const allowed = "-._~:/?#[]@!$&'()*+,;=%"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(allowed, c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

package reports

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/candor-audit/candor/internal/result"
	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
)

// tableWriter writes the terminal view: the verdict first, then the broken
// claims with their quote and evidence, undisclosed practice, third
// parties, cookies, key security headers and the hygiene grade. Every
// string from the result passes TerminalText; colour codes are Candor's own
// and only appear when Options.Color is set.
type tableWriter struct{ opts Options }

// ANSI styles used when colour is on.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
	ansiDim    = "\x1b[2m"
)

func (t tableWriter) Write(w io.Writer, r *result.Result) error {
	v := newView(r)
	width := t.opts.Width
	if width <= 0 {
		width = 120
	}
	o := &termOut{color: t.opts.Color, width: width}
	o.header(v, t.opts.Notes)
	o.verdict(v)
	if err := o.brokenClaims(v); err != nil {
		return err
	}
	if err := o.undisclosed(v); err != nil {
		return err
	}
	if err := o.thirdParties(v); err != nil {
		return err
	}
	if err := o.cookies(v); err != nil {
		return err
	}
	if err := o.security(v); err != nil {
		return err
	}
	o.errors(v)
	_, err := w.Write(o.b.Bytes())
	return err
}

// termOut accumulates the terminal view.
type termOut struct {
	b     bytes.Buffer
	color bool
	width int
}

// style wraps s (already sanitised) in an ANSI style when colour is on.
func (o *termOut) style(code, s string) string {
	if !o.color {
		return s
	}
	return code + s + ansiReset
}

func (o *termOut) linef(format string, args ...any) {
	fmt.Fprintf(&o.b, format, args...)
	o.b.WriteByte('\n')
}

func (o *termOut) heading(s string) {
	o.b.WriteByte('\n')
	o.linef("%s", o.style(ansiBold, strings.ToUpper(s)))
}

// outcomeStyle colours an outcome: red failed, green held, yellow unknown.
func (o *termOut) outcomeStyle(out result.Outcome, s string) string {
	switch out {
	case result.OutcomeBroken, result.OutcomeFail:
		return o.style(ansiRed, s)
	case result.OutcomeKept, result.OutcomePass:
		return o.style(ansiGreen, s)
	case result.OutcomeUnverifiable, result.OutcomeError:
		return o.style(ansiYellow, s)
	}
	return s
}

// table renders rows with tablewriter; cells are sanitised here.
func (o *termOut) table(head []string, rows [][]string) error {
	tbl := tablewriter.NewTable(&o.b,
		tablewriter.WithMaxWidth(o.width),
		tablewriter.WithRowAutoWrap(tw.WrapNormal),
		tablewriter.WithHeaderAutoWrap(tw.WrapNone),
		tablewriter.WithRowAlignment(tw.AlignLeft),
		tablewriter.WithTrimSpace(tw.On),
	)
	h := make([]any, len(head))
	for i, s := range head {
		h[i] = s
	}
	tbl.Header(h...)
	for _, row := range rows {
		cells := make([]string, len(row))
		for i, c := range row {
			c = TerminalText(c)
			if c == "" {
				c = "-"
			}
			cells[i] = c
		}
		if err := tbl.Append(cells); err != nil {
			return fmt.Errorf("table row: %w", err)
		}
	}
	if err := tbl.Render(); err != nil {
		return fmt.Errorf("render table: %w", err)
	}
	return nil
}

func (o *termOut) header(v *view, notes []string) {
	r := v.r
	o.linef("%s %s", o.style(ansiBold, "Candor privacy audit:"), o.style(ansiBold, TerminalText(siteName(r))))
	policy := "no privacy policy found"
	if r.Policy.URL != "" {
		policy = "policy " + TerminalText(r.Policy.URL)
	}
	o.linef("%s", o.style(ansiDim, fmt.Sprintf("%s · %s · %s · %s",
		scanDate(r.StartedAt), plural(len(r.Pages), "page"), TerminalText(orDash(r.Browser.Product)), policy)))
	for _, n := range notes {
		o.linef("note: %s", TerminalText(n))
	}
}

func (o *termOut) verdict(v *view) {
	c := v.counts
	o.heading("Verdict")
	broken := fmt.Sprintf("%d broken", c.Broken)
	if c.Broken > 0 {
		broken = o.style(ansiRed+ansiBold, broken)
	}
	undisclosed := fmt.Sprint(c.Undisclosed)
	if c.Undisclosed > 0 {
		undisclosed = o.style(ansiRed, undisclosed)
	}
	o.linef("Claims: %s · %s · %s · %d out of scope", o.style(ansiGreen, fmt.Sprintf("%d kept", c.Kept)), broken,
		o.style(ansiYellow, fmt.Sprintf("%d unverifiable", c.Unverifiable)), c.OutOfScope)
	o.linef("Undisclosed practices: %s", undisclosed)
	o.linef("Hygiene grade: %s", o.style(ansiBold, TerminalText(v.grade())))
}

func (o *termOut) brokenClaims(v *view) error {
	o.heading("Broken claims")
	if len(v.broken) == 0 {
		o.linef("None found.")
		return nil
	}
	for i, f := range v.broken {
		o.b.WriteByte('\n')
		o.linef("%d. %s [%s] %s", i+1, o.style(ansiBold, TerminalText(f.Title)), TerminalText(string(f.Severity)), o.style(ansiDim, TerminalText(f.Check)))
		o.linef("   Policy says: “%s”", TerminalText(f.Claim.Quote))
		if f.Message != "" {
			o.linef("   %s", o.outcomeStyle(f.Outcome, TerminalText(f.Message)))
		}
		if err := o.evidence(f.Evidence); err != nil {
			return err
		}
	}
	return nil
}

func (o *termOut) evidence(es []result.Evidence) error {
	if len(es) == 0 {
		return nil
	}
	rows := make([][]string, 0, len(es))
	for _, e := range es {
		p := describeEvidence(e)
		detail := joinLabelled(p.Extra)
		if p.Detail != "" {
			detail = strings.TrimPrefix(detail+"; "+p.Detail, "; ")
		}
		rows = append(rows, []string{p.Kind, p.Main, detail})
	}
	return o.table([]string{"Evidence", "What", "Detail"}, rows)
}

func (o *termOut) undisclosed(v *view) error {
	o.heading("Undisclosed practice")
	if len(v.undisclosed) == 0 {
		o.linef("Nothing seen that the policy does not disclose.")
		return nil
	}
	for _, f := range v.undisclosed {
		o.b.WriteByte('\n')
		o.linef("- %s [%s]", o.style(ansiBold, TerminalText(f.Title)), TerminalText(string(f.Severity)))
		if f.Message != "" {
			o.linef("  %s", TerminalText(f.Message))
		}
		if err := o.evidence(f.Evidence); err != nil {
			return err
		}
	}
	return nil
}

func (o *termOut) thirdParties(v *view) error {
	o.heading("Third parties contacted")
	if len(v.parties) == 0 {
		o.linef("None.")
		return nil
	}
	rows := make([][]string, 0, len(v.parties))
	for _, p := range v.parties {
		mark := ""
		switch {
		case p.Broken:
			mark = "breaks a claim"
		case p.Undisclosed:
			mark = "undisclosed"
		}
		rows = append(rows, []string{p.Name, p.Category, strings.Join(p.Sites, ", "), fmt.Sprint(p.Requests), strings.Join(p.Types, ", "), fmt.Sprint(p.Cookies), mark})
	}
	return o.table([]string{"Organisation", "Category", "Sites", "Requests", "Resource types", "Cookies", "Note"}, rows)
}

func (o *termOut) cookies(v *view) error {
	o.heading("Cookies")
	if len(v.cookies) == 0 {
		o.linef("None.")
		return nil
	}
	rows := make([][]string, 0, len(v.cookies))
	for _, c := range v.cookies {
		rows = append(rows, []string{c.Name, c.Domain, string(c.Party), orDash(c.Purpose), flags(c), lifetime(c, v.r.StartedAt), setter(c.SetBy)})
	}
	return o.table([]string{"Name", "Domain", "Party", "Purpose", "Flags", "Lifetime", "Set by"}, rows)
}

func (o *termOut) security(v *view) error {
	s := v.r.Security
	o.heading("Security")
	rows := make([][]string, 0, len(keyHeaders))
	for _, h := range keyHeaders {
		val, ok := s.Headers[h]
		if !ok {
			val = "missing"
		}
		rows = append(rows, []string{h, val})
	}
	if err := o.table([]string{"Header", "Value"}, rows); err != nil {
		return err
	}
	tls := "none (plain HTTP)"
	if s.TLS != nil {
		tls = TerminalText(s.TLS.Protocol) + ", certificate valid until " + s.TLS.NotAfter.UTC().Format("2006-01-02")
	}
	o.linef("TLS: %s · HTTP→HTTPS redirect: %s · mixed content: %d", tls, yesNo(s.HTTPSRedirect), len(s.MixedContent))
	failed := 0
	for _, f := range v.hygiene {
		if f.Outcome == result.OutcomeFail {
			failed++
		}
	}
	o.linef("Hygiene grade: %s (%d of %d tests failed)", o.style(ansiBold, TerminalText(v.grade())), failed, len(v.hygiene))
	return nil
}

func (o *termOut) errors(v *view) {
	if len(v.r.Errors) == 0 {
		return
	}
	o.heading("Scan errors")
	for _, e := range v.r.Errors {
		where := ""
		if e.URL != "" {
			where = " " + TerminalText(e.URL)
		}
		o.linef("- %s%s: %s", TerminalText(e.Stage), where, TerminalText(e.Message))
	}
}

package diff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/candor-audit/candor/reports"
	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
)

// Formats lists the formats Render accepts.
func Formats() []string { return []string{"table", "markdown", "json"} }

// Render writes d in format: table (terminal), markdown or json. Strings
// from the scanned site are escaped as in the reports package.
func Render(w io.Writer, format string, d *Diff) error {
	var buf bytes.Buffer
	var err error
	switch strings.ToLower(format) {
	case "table":
		err = renderTable(&buf, d)
	case "markdown", "md":
		renderMarkdown(&buf, d)
	case "json":
		err = renderJSON(&buf, d)
	default:
		return fmt.Errorf("unknown diff format %q (want %s)", format, strings.Join(Formats(), ", "))
	}
	if err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// change is one line of the diff, shared by the table and Markdown views.
type change struct {
	Sign   string // + added, - removed, ~ changed
	Kind   string
	What   string
	Detail string
	Worse  bool
}

func (d *Diff) changes() []change {
	var c []change
	for _, o := range d.OrgsAdded {
		c = append(c, change{"+", "third party", o.Name, o.Category, true})
	}
	for _, o := range d.OrgsRemoved {
		c = append(c, change{"-", "third party", o.Name, o.Category, false})
	}
	for _, s := range d.SitesAdded {
		c = append(c, change{"+", "third-party site", s, "", true})
	}
	for _, s := range d.SitesRemoved {
		c = append(c, change{"-", "third-party site", s, "", false})
	}
	for _, k := range d.CookiesAdded {
		c = append(c, change{"+", "cookie", k.Name, cookieDetail(k), trackingCookie(k)})
	}
	for _, k := range d.CookiesRemoved {
		c = append(c, change{"-", "cookie", k.Name, cookieDetail(k), false})
	}
	for _, k := range d.ClaimsAdded {
		c = append(c, change{"+", "policy claim", k.Kind, k.Quote, false})
	}
	for _, k := range d.ClaimsRemoved {
		c = append(c, change{"-", "policy claim", k.Kind, k.Quote, false})
	}
	for _, f := range d.Flipped {
		c = append(c, change{"~", "verdict", f.ID, fmt.Sprintf("%s → %s (%s)", f.From, f.To, f.Severity), f.Worse})
	}
	for _, f := range d.FindingsNew {
		c = append(c, change{"+", "finding", f.ID, fmt.Sprintf("%s (%s)", f.Outcome, f.Severity), f.Outcome == "broken" || f.Outcome == "fail"})
	}
	for _, f := range d.FindingsGone {
		c = append(c, change{"-", "finding", f.ID, fmt.Sprintf("was %s", f.Outcome), false})
	}
	if g := d.Grade; g != nil {
		c = append(c, change{"~", "hygiene grade", fmt.Sprintf("%s → %s", orNA(g.From), orNA(g.To)), fmt.Sprintf("score %d → %d", g.FromScore, g.ToScore), g.Worse})
	}
	return c
}

func cookieDetail(k Cookie) string {
	s := k.Domain + ", " + string(k.Party) + "-party"
	if k.Purpose != "" {
		s += ", " + k.Purpose
	}
	if k.Org != "" {
		s += ", " + k.Org
	}
	return s
}

func orNA(s string) string {
	if s == "" {
		return "n/a"
	}
	return s
}

func when(s Side) string {
	if s.StartedAt.IsZero() {
		return "unknown time"
	}
	return s.StartedAt.UTC().Format("2006-01-02 15:04 UTC")
}

func renderTable(w *bytes.Buffer, d *Diff) error {
	t := reports.TerminalText
	fmt.Fprintf(w, "Candor diff: %s\n%s → %s\n\n", t(d.New.Target), when(d.Old), when(d.New))
	changes := d.changes()
	if len(changes) == 0 {
		fmt.Fprintln(w, "No changes.")
		return nil
	}
	tbl := tablewriter.NewTable(w,
		tablewriter.WithMaxWidth(120),
		tablewriter.WithRowAutoWrap(tw.WrapNormal),
		tablewriter.WithRowAlignment(tw.AlignLeft),
	)
	tbl.Header("", "Change", "What", "Detail", "Worse")
	for _, c := range changes {
		worse := ""
		if c.Worse {
			worse = "yes"
		}
		if err := tbl.Append([]string{c.Sign, c.Kind, orDash(t(c.What)), orDash(t(c.Detail)), orDash(worse)}); err != nil {
			return fmt.Errorf("diff table: %w", err)
		}
	}
	if err := tbl.Render(); err != nil {
		return fmt.Errorf("diff table: %w", err)
	}
	if reasons := d.Reasons(); len(reasons) > 0 {
		fmt.Fprintf(w, "\nWorse: %d changes.\n", len(reasons))
	} else {
		fmt.Fprintln(w, "\nNothing got worse.")
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func renderMarkdown(w *bytes.Buffer, d *Diff) {
	text, code := reports.MarkdownText, func(s string) string {
		if c := reports.MarkdownCode(s, true); c != "" {
			return c
		}
		return "-"
	}
	fmt.Fprintf(w, "# Candor diff: %s\n\n", text(d.New.Target))
	fmt.Fprintf(w, "From the scan of %s to the scan of %s.\n\n", when(d.Old), when(d.New))
	reasons := d.Reasons()
	switch {
	case d.Empty():
		fmt.Fprintln(w, "**No changes.**")
		return
	case len(reasons) == 0:
		fmt.Fprint(w, "**Nothing got worse.**\n\n")
	default:
		fmt.Fprint(w, "**Worse:**\n\n")
		for _, r := range reasons {
			fmt.Fprintf(w, "- %s\n", text(r))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "| | Change | What | Detail |")
	fmt.Fprintln(w, "| --- | --- | --- | --- |")
	for _, c := range d.changes() {
		sign := map[string]string{"+": "added", "-": "removed", "~": "changed"}[c.Sign]
		if c.Worse {
			sign = "**" + sign + "**"
		}
		what := code(c.What)
		detail := text(c.Detail)
		if c.Kind == "policy claim" {
			what = text(c.What)
		}
		if detail == "" {
			detail = "-"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", sign, text(c.Kind), what, detail)
	}
}

// jsonDiff is the JSON shape: the diff plus the verdict.
type jsonDiff struct {
	*Diff
	Worse   bool     `json:"worse"`
	Reasons []string `json:"reasons"`
}

func renderJSON(w *bytes.Buffer, d *Diff) error {
	cp := *d
	nonNil(&cp.OrgsAdded)
	nonNil(&cp.OrgsRemoved)
	nonNil(&cp.SitesAdded)
	nonNil(&cp.SitesRemoved)
	nonNil(&cp.CookiesAdded)
	nonNil(&cp.CookiesRemoved)
	nonNil(&cp.ClaimsAdded)
	nonNil(&cp.ClaimsRemoved)
	nonNil(&cp.Flipped)
	nonNil(&cp.FindingsNew)
	nonNil(&cp.FindingsGone)
	reasons := cp.Reasons()
	if reasons == nil {
		reasons = []string{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(jsonDiff{Diff: &cp, Worse: len(reasons) > 0, Reasons: reasons}); err != nil {
		return fmt.Errorf("encode diff: %w", err)
	}
	return nil
}

func nonNil[T any](s *[]T) {
	if *s == nil {
		*s = []T{}
	}
}

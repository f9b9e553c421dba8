package reports

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/candor-audit/candor/internal/result"
)

// markdownWriter writes the document an auditor hands over. It renders on
// GitHub and in common Markdown-to-PDF tools: plain GFM tables, no raw
// HTML, and a Mermaid graph (GitHub draws it; other tools show the code).
type markdownWriter struct{ opts Options }

func (m markdownWriter) Write(w io.Writer, r *result.Result) error {
	v := newView(r)
	d := &mdDoc{}
	d.header(v, m.opts.Notes)
	d.summary(v)
	d.brokenClaims(v)
	d.allClaims(v)
	d.undisclosed(v)
	d.thirdParties(v)
	d.dataFlow(v)
	d.cookies(v)
	d.storage(v)
	d.security(v)
	d.screenshot(v)
	d.method(v)
	_, err := w.Write(d.b.Bytes())
	return err
}

// mdDoc accumulates the document. Every string from the result passes
// through text (MarkdownText) or code (MarkdownCode) on its way in.
type mdDoc struct{ b bytes.Buffer }

func (d *mdDoc) line(s string)                    { d.b.WriteString(s); d.b.WriteByte('\n') }
func (d *mdDoc) linef(format string, args ...any) { d.line(fmt.Sprintf(format, args...)) }
func (d *mdDoc) blank()                           { d.b.WriteByte('\n') }

func text(s string) string { return MarkdownText(s) }

// code is a code span for a table cell, or "-" for nothing.
func code(s string) string {
	if c := MarkdownCode(s, true); c != "" {
		return c
	}
	return "-"
}

// codeLine is a code span outside a table.
func codeLine(s string) string {
	if c := MarkdownCode(s, false); c != "" {
		return c
	}
	return "-"
}

// table writes a GFM table; cells must already be escaped. align is one of
// "l" or "r" per column.
func (d *mdDoc) table(head []string, align string, rows [][]string) {
	d.line("| " + strings.Join(head, " | ") + " |")
	seps := make([]string, len(head))
	for i := range head {
		seps[i] = "---"
		if i < len(align) && align[i] == 'r' {
			seps[i] = "--:"
		}
	}
	d.line("| " + strings.Join(seps, " | ") + " |")
	for _, row := range rows {
		for i := range row {
			if row[i] == "" {
				row[i] = "-"
			}
		}
		d.line("| " + strings.Join(row, " | ") + " |")
	}
	d.blank()
}

func siteName(r *result.Result) string {
	for _, u := range []string{r.FinalURL, r.Target} {
		if h := hostOf(u); h != "" {
			return h
		}
	}
	return "unknown site"
}

func (d *mdDoc) header(v *view, notes []string) {
	r := v.r
	d.linef("# Privacy audit: %s", text(siteName(r)))
	d.blank()
	d.line("Candor loaded the site in a headless browser, recorded what it did and held it against the site's own privacy policy.")
	d.blank()
	rows := [][]string{
		{"Site", code(r.Target)},
	}
	if r.FinalURL != "" && r.FinalURL != r.Target {
		rows = append(rows, []string{"Landed on", code(r.FinalURL)})
	}
	rows = append(rows,
		[]string{"Scanned", text(scanDate(r.StartedAt))},
		[]string{"Candor", text(orDash(r.Tool.Version))},
		[]string{"Browser", text(orDash(r.Browser.Product))},
		[]string{"Pages scanned", fmt.Sprint(len(r.Pages))},
	)
	if r.Policy.URL != "" {
		found := ""
		if r.Policy.FoundBy != "" {
			found = " (found by " + text(r.Policy.FoundBy) + ")"
		}
		rows = append(rows, []string{"Privacy policy", code(r.Policy.URL) + found})
	} else {
		rows = append(rows, []string{"Privacy policy", "not found"})
	}
	d.table([]string{"Scan", "Details"}, "ll", rows)
	for _, n := range notes {
		d.line("> **Note:** " + text(n))
		d.blank()
	}
}

func scanDate(t time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

func (d *mdDoc) summary(v *view) {
	c := v.counts
	d.line("## Summary")
	d.blank()
	d.line(verdictSentence(v))
	d.blank()
	d.table([]string{"Claims kept", "Claims broken", "Unverifiable", "Out of scope", "Undisclosed practices", "Hygiene grade"}, "rrrrrl",
		[][]string{{fmt.Sprint(c.Kept), fmt.Sprint(c.Broken), fmt.Sprint(c.Unverifiable), fmt.Sprint(c.OutOfScope), fmt.Sprint(c.Undisclosed), text(v.grade())}})
	if len(v.r.Errors) > 0 {
		d.linef("Some stages of the scan failed (%d); see [Method](#method). What was seen still stands.", len(v.r.Errors))
		d.blank()
	}
}

// verdictSentence is the one-line answer a reader wants first.
func verdictSentence(v *view) string {
	c := v.counts
	switch {
	case len(v.r.Policy.Claims) == 0 && v.r.Policy.URL == "":
		return "**No privacy policy was found**, so no claim could be checked."
	case c.Broken == 1:
		return "**1 claim in the privacy policy is broken** by what the site does."
	case c.Broken > 1:
		return fmt.Sprintf("**%d claims in the privacy policy are broken** by what the site does.", c.Broken)
	}
	return "**No claim in the privacy policy was found broken** on the pages scanned."
}

func (d *mdDoc) brokenClaims(v *view) {
	d.line("## Broken claims")
	d.blank()
	if len(v.broken) == 0 {
		d.line("None found.")
		d.blank()
		return
	}
	for i, f := range v.broken {
		d.linef("### %d. %s (%s)", i+1, text(f.Title), text(string(f.Severity)))
		d.blank()
		d.line("> " + text(f.Claim.Quote))
		d.blank()
		src := "The policy"
		if f.Claim.Section != "" {
			src += ", section “" + text(f.Claim.Section) + "”"
		}
		if v.r.Policy.URL != "" {
			src += ", at " + codeLine(v.r.Policy.URL)
		}
		d.line(src + ".")
		d.blank()
		if f.Message != "" {
			d.line(text(f.Message))
			d.blank()
		}
		d.evidence(f.Evidence)
		d.linef("Check %s, finding %s.", codeLine(f.Check), codeLine(f.ID))
		d.blank()
	}
}

// evidence writes a finding's evidence as a list.
func (d *mdDoc) evidence(es []result.Evidence) {
	if len(es) == 0 {
		return
	}
	d.line("Evidence:")
	d.blank()
	for _, e := range es {
		p := describeEvidence(e)
		item := "- " + text(orDash(p.Kind)) + " " + codeLine(p.Main)
		if len(p.Extra) > 0 {
			parts := make([]string, len(p.Extra))
			for i, x := range p.Extra {
				val := text(x.Value)
				if x.Literal {
					val = codeLine(x.Value)
				}
				parts[i] = strings.TrimSpace(text(x.Label) + " " + val)
			}
			item += " — " + strings.Join(parts, ", ")
		}
		if p.Detail != "" {
			item += " (" + text(p.Detail) + ")"
		}
		d.line(item)
	}
	d.blank()
}

func (d *mdDoc) allClaims(v *view) {
	d.line("## Every claim")
	d.blank()
	if len(v.claims) == 0 {
		if len(v.r.Policy.Claims) == 0 {
			d.line("No claims were read from the policy.")
		} else {
			d.linef("%d claims were read from the policy but none was judged.", len(v.r.Policy.Claims))
		}
		d.blank()
		return
	}
	rows := make([][]string, 0, len(v.claims))
	for _, f := range v.claims {
		rows = append(rows, []string{verdictWord(f.Outcome), text(f.Claim.Kind), text(f.Claim.Quote), text(f.Message)})
	}
	d.table([]string{"Verdict", "Claim", "Policy says", "Why"}, "llll", rows)
}

// verdictWord is the outcome as a reader says it, bold when it failed.
func verdictWord(o result.Outcome) string {
	switch o {
	case result.OutcomeBroken, result.OutcomeFail:
		return "**" + text(string(o)) + "**"
	}
	return text(string(o))
}

func (d *mdDoc) undisclosed(v *view) {
	d.line("## Undisclosed practice")
	d.blank()
	if len(v.undisclosed) == 0 {
		d.line("Nothing seen that the policy does not disclose.")
		d.blank()
		return
	}
	for _, f := range v.undisclosed {
		d.linef("### %s (%s)", text(f.Title), text(string(f.Severity)))
		d.blank()
		if f.Message != "" {
			d.line(text(f.Message))
			d.blank()
		}
		d.evidence(f.Evidence)
	}
}

func (d *mdDoc) thirdParties(v *view) {
	d.line("## Third parties")
	d.blank()
	if len(v.parties) == 0 {
		d.line("The pages contacted no third party.")
		d.blank()
		return
	}
	rows := make([][]string, 0, len(v.parties))
	for _, p := range v.parties {
		name := text(p.Name)
		if p.Broken {
			name += " (breaks a claim)"
		} else if p.Undisclosed {
			name += " (undisclosed)"
		}
		sites := make([]string, len(p.Sites))
		for i, s := range p.Sites {
			sites[i] = code(s)
		}
		types := make([]string, len(p.Types))
		for i, t := range p.Types {
			types[i] = text(t)
		}
		rows = append(rows, []string{name, text(p.Category), strings.Join(sites, ", "), fmt.Sprint(p.Requests), strings.Join(types, ", "), fmt.Sprint(p.Cookies)})
	}
	d.table([]string{"Organisation", "Category", "Sites", "Requests", "Resource types", "Cookies"}, "lllrlr", rows)
}

// dataFlow draws where the visitor's data goes: the site, then each
// organisation grouped by category, with those behind a broken claim
// marked. Node ids are generated; every label passes MermaidLabel.
func (d *mdDoc) dataFlow(v *view) {
	d.line("## Where the visitor's data goes")
	d.blank()
	if len(v.parties) == 0 {
		d.line("Only the site itself was contacted.")
		d.blank()
		return
	}
	d.line("```mermaid")
	d.line("flowchart LR")
	d.linef(`  site["%s"]`, MermaidLabel(siteName(v.r)))
	var cats []string
	byCat := map[string][]int{}
	for i, p := range v.parties {
		if _, ok := byCat[p.Category]; !ok {
			cats = append(cats, p.Category)
		}
		byCat[p.Category] = append(byCat[p.Category], i)
	}
	sort.Strings(cats)
	var broken, undisclosed []string
	for ci, c := range cats {
		d.linef(`  subgraph c%d["%s"]`, ci+1, MermaidLabel(c))
		for _, i := range byCat[c] {
			p := v.parties[i]
			label := p.Name
			switch {
			case p.Broken:
				label += " - breaks a claim"
				broken = append(broken, fmt.Sprintf("p%d", i+1))
			case p.Undisclosed:
				label += " - undisclosed"
				undisclosed = append(undisclosed, fmt.Sprintf("p%d", i+1))
			}
			d.linef(`    p%d["%s"]`, i+1, MermaidLabel(label))
		}
		d.line("  end")
	}
	for i, p := range v.parties {
		arrow := "-->"
		if p.Broken {
			arrow = "==>"
		}
		d.linef(`  site %s|"%s"| p%d`, arrow, plural(p.Requests, "request"), i+1)
	}
	if len(broken) > 0 {
		d.line("  classDef broken fill:#fdd,stroke:#c00,stroke-width:2px")
		d.linef("  class %s broken", strings.Join(broken, ","))
	}
	if len(undisclosed) > 0 {
		d.line("  classDef undisclosed fill:#ffe9c2,stroke:#b60")
		d.linef("  class %s undisclosed", strings.Join(undisclosed, ","))
	}
	d.line("```")
	d.blank()
	d.line("Thick arrows and red boxes lead to organisations whose requests or cookies break a claim in the policy.")
	d.blank()
}

func (d *mdDoc) cookies(v *view) {
	d.line("## Cookies")
	d.blank()
	if len(v.cookies) == 0 {
		d.line("No cookies were set.")
		d.blank()
		return
	}
	rows := make([][]string, 0, len(v.cookies))
	for _, c := range v.cookies {
		rows = append(rows, []string{code(c.Name), code(c.Domain), text(string(c.Party)), text(orDash(c.Purpose)), text(orDash(c.Org)),
			text(flags(c)), text(lifetime(c, v.r.StartedAt)), text(setter(c.SetBy))})
	}
	d.table([]string{"Name", "Domain", "Party", "Purpose", "Organisation", "Flags", "Lifetime", "Set by"}, "llllllll", rows)
}

func (d *mdDoc) storage(v *view) {
	if len(v.r.Storage) == 0 {
		return
	}
	d.line("## Web storage")
	d.blank()
	rows := make([][]string, 0, len(v.r.Storage))
	for _, s := range v.r.Storage {
		rows = append(rows, []string{code(s.Key), code(s.Origin), text(s.Kind), text(orDash(string(s.Party))), fmt.Sprint(s.Size)})
	}
	d.table([]string{"Key", "Origin", "Kind", "Party", "Value length"}, "llllr", rows)
}

func (d *mdDoc) security(v *view) {
	s := v.r.Security
	d.line("## Security headers and TLS")
	d.blank()
	d.linef("Hygiene grade: **%s**.", text(v.grade()))
	d.blank()
	rows := make([][]string, 0, len(keyHeaders))
	for _, h := range keyHeaders {
		val, ok := s.Headers[h]
		cell := "missing"
		if ok {
			cell = code(val)
		}
		rows = append(rows, []string{text(h), cell})
	}
	d.table([]string{"Header", "Value"}, "ll", rows)

	t := [][]string{{"HTTP redirects to HTTPS", yesNo(s.HTTPSRedirect)}}
	if s.TLS != nil {
		t = append(t,
			[]string{"Protocol", text(s.TLS.Protocol)},
			[]string{"Cipher", text(strings.TrimSpace(s.TLS.Cipher + " " + s.TLS.KeyExchange))},
			[]string{"Certificate", text(s.TLS.Subject) + ", issued by " + text(s.TLS.Issuer)},
			[]string{"Valid until", text(s.TLS.NotAfter.UTC().Format("2006-01-02"))},
		)
		if len(s.TLS.Legacy) > 0 {
			t = append(t, []string{"Old protocols accepted", text(strings.Join(s.TLS.Legacy, ", "))})
		}
	} else {
		t = append(t, []string{"TLS", "none (plain HTTP)"})
	}
	t = append(t, []string{"Mixed content", fmt.Sprint(len(s.MixedContent))})
	d.table([]string{"Transport", ""}, "ll", t)
	if len(s.MixedContent) > 0 {
		mc := make([][]string, 0, len(s.MixedContent))
		for _, m := range s.MixedContent {
			mc = append(mc, []string{code(m.URL), text(m.ResourceType), code(m.Page), fmt.Sprint(m.Blocked)})
		}
		d.table([]string{"Mixed content", "Type", "Page", "Blocked"}, "llll", mc)
	}
	if len(v.hygiene) > 0 {
		hr := make([][]string, 0, len(v.hygiene))
		for _, f := range v.hygiene {
			hr = append(hr, []string{verdictWord(f.Outcome), text(f.Title), text(string(f.Severity)), text(f.Message)})
		}
		d.table([]string{"Result", "Test", "Severity", "Detail"}, "llll", hr)
	}
}

func yesNo(b *bool) string {
	switch {
	case b == nil:
		return "not checked"
	case *b:
		return "yes"
	}
	return "no"
}

func (d *mdDoc) screenshot(v *view) {
	if v.r.Artifacts.Screenshot == "" {
		return
	}
	d.line("## Screenshot")
	d.blank()
	d.linef("![Screenshot of %s](%s)", text(siteName(v.r)), linkTarget(v.r.Artifacts.Screenshot))
	d.blank()
}

// linkTarget percent-encodes a file path so it is one inert link target.
func linkTarget(p string) string {
	u := url.URL{Path: plain(p)}
	s := u.EscapedPath()
	return strings.NewReplacer("(", "%28", ")", "%29", "<", "%3C", ">", "%3E", " ", "%20").Replace(s)
}

func (d *mdDoc) method(v *view) {
	r := v.r
	d.line("## Method")
	d.blank()
	d.linef("Candor %s opened %s in %s and followed up to %s, waiting %s after each load (timeout %s). The scan took %s.",
		text(orDash(r.Tool.Version)), codeLine(r.Target), text(orDash(r.Browser.Product)), plural(r.Options.Pages, "page"),
		msText(r.Options.WaitMS), msText(r.Options.TimeoutMS), msText(r.DurationMS))
	d.blank()
	if len(r.Options.Phases) > 0 {
		phases := make([]string, len(r.Options.Phases))
		for i, p := range r.Options.Phases {
			phases[i] = text(p)
		}
		d.line("Phases: " + strings.Join(phases, ", ") + ".")
		d.blank()
	}
	if r.Options.Insecure {
		d.line("Certificate errors were ignored (--insecure).")
		d.blank()
	}
	if len(r.Pages) > 0 {
		rows := make([][]string, 0, len(r.Pages))
		for _, p := range r.Pages {
			status := fmt.Sprint(p.Status)
			if p.Error != "" {
				status = text(p.Error)
			}
			rows = append(rows, []string{code(p.URL), status, text(p.Title), msText(p.LoadMS)})
		}
		d.table([]string{"Page", "Status", "Title", "Load"}, "llll", rows)
	}
	d.linef("%s, %s and %s were recorded.", plural(len(r.Requests), "request"), plural(len(r.Cookies), "cookie"), plural(len(r.Storage), "storage key"))
	if r.RequestsDropped > 0 {
		d.linef("%d more requests went over the per-page cap and were not recorded.", r.RequestsDropped)
	}
	d.blank()
	if len(r.Errors) > 0 {
		d.line("Stages that failed:")
		d.blank()
		for _, e := range r.Errors {
			item := "- " + text(e.Stage)
			if e.URL != "" {
				item += " " + codeLine(e.URL)
			}
			d.line(item + ": " + text(e.Message))
		}
		d.blank()
	}
	d.line("What cannot be seen from outside:")
	d.blank()
	for _, s := range unseen {
		d.line("- " + s)
	}
	d.blank()
	d.linef("Generated by Candor %s from the result of the scan started %s.", text(orDash(r.Tool.Version)), text(scanDate(r.StartedAt)))
}

// unseen lists what a browser visit cannot show; "unverifiable" claims
// mostly fall here.
var unseen = []string{
	"What the site's servers do with data after it arrives: storage, retention, sale or sharing server to server.",
	"Pages behind a login, a form or a purchase, and pages not linked from those scanned.",
	"Behaviour that depends on the visitor's country, device, consent choice or earlier visits, beyond the phases listed above.",
	"Trackers that load only later, on scroll or after interaction, past the wait time.",
}

// plural is "1 page", "2 pages".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func msText(ms int64) string {
	if ms <= 0 {
		return "-"
	}
	if ms < 1000 {
		return fmt.Sprintf("%d ms", ms)
	}
	return fmt.Sprintf("%.1f s", float64(ms)/1000)
}

package batch

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/candor-audit/candor/internal/result"
)

// The files Run writes in the output folder.
const (
	ResultFile      = "result.json"
	SiteFile        = "site.json" // the site's summary row, written last: the mark of a finished site
	SummaryJSONFile = "summary.json"
	SummaryMDFile   = "summary.md"
)

// maxHostInName caps the host part of a site's folder name.
const maxHostInName = 80

// DirName returns the folder name of a target inside the output folder:
// its host (and port) in safe characters, then a hash of the whole
// normalised URL, e.g. "www.example.com-1f2e3d4c5b6a". It depends on the
// URL alone, so it is stable across runs (which --resume relies on), and
// the hash keeps http/https, ports and paths of one host apart.
func DirName(target string) string {
	sum := sha256.Sum256([]byte(target))
	hash := hex.EncodeToString(sum[:6])
	host := ""
	if u, err := url.Parse(target); err == nil {
		host = strings.ToLower(u.Host)
	}
	var b strings.Builder
	for _, r := range host {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '.', r == '-':
			b.WriteRune(r)
		case r == ':':
			b.WriteByte('_')
		}
		if b.Len() >= maxHostInName {
			break
		}
	}
	name := strings.Trim(b.String(), ".-_")
	if name == "" {
		name = "site"
	}
	return name + "-" + hash
}

// SiteDir returns the folder of target inside outDir. Run creates it
// before it calls Config.Scan, so the pipeline can point the scan's
// screenshot and HAR files there.
func SiteDir(outDir, target string) string {
	return filepath.Join(outDir, DirName(target))
}

// makeDir creates dir private to the user (0700) when missing.
func makeDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create output folder %s: %w", dir, err)
	}
	return nil
}

// writeJSON writes v as indented JSON, atomically and private (0600).
func writeJSON(path string, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("encode %s: %w", path, err)
	}
	return result.WriteFileAtomic(path, buf.Bytes())
}

// writeResult writes a site's result.json.
func writeResult(dir string, r *result.Result) error {
	var buf bytes.Buffer
	if err := result.Encode(&buf, r); err != nil {
		return fmt.Errorf("%s: %w", dir, err)
	}
	return result.WriteFileAtomic(filepath.Join(dir, ResultFile), buf.Bytes())
}

// completed returns the row of a site finished successfully by an earlier
// run: its site.json says ok and its result.json decodes. Anything else
// (missing, failed, interrupted, corrupt) means scan it again.
func completed(dir string) (Row, bool) {
	data, err := os.ReadFile(filepath.Join(dir, SiteFile))
	if err != nil {
		return Row{}, false
	}
	var row Row
	if err := json.Unmarshal(data, &row); err != nil || row.Status != StatusOK {
		return Row{}, false
	}
	if _, err := result.ReadFile(filepath.Join(dir, ResultFile)); err != nil {
		return Row{}, false
	}
	return row, true
}

// mdCell makes text safe for one cell of a Markdown table: no line
// breaks, no table or link syntax, no HTML, bounded length.
func mdCell(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 200 {
		s = string(r[:199]) + "…"
	}
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '|', '`', '*', '_', '[', ']', '<', '>', '#', '!', '~':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// writeSummary writes summary.json and summary.md into dir.
func writeSummary(dir string, s Summary) error {
	if err := writeJSON(filepath.Join(dir, SummaryJSONFile), s); err != nil {
		return err
	}
	return result.WriteFileAtomic(filepath.Join(dir, SummaryMDFile), []byte(s.Markdown()))
}

// Markdown renders the summary as the Markdown document summary.md holds.
func (s Summary) Markdown() string {
	var b strings.Builder
	b.WriteString("# Candor scan summary\n\n")
	fmt.Fprintf(&b, "%d sites: %d ok, %d failed, %d skipped (done in an earlier run), %d not run. Browser launches: %d (restarts: %d).\n\n",
		s.Total, s.OK, s.Failed, s.Skipped, s.NotRun, s.Launches, s.Restarts)
	b.WriteString("| # | Site | Status | Kept | Broken | Unverifiable | Grade | Third parties | Error |\n")
	b.WriteString("|---:|---|---|---:|---:|---:|---|---:|---|\n")
	for _, r := range s.Sites {
		kept, broken, unver := "–", "–", "–"
		if r.Claims != nil {
			kept, broken, unver = fmt.Sprint(r.Claims.Kept), fmt.Sprint(r.Claims.Broken), fmt.Sprint(r.Claims.Unverifiable)
		}
		site := mdCell(r.Target)
		if r.Dir != "" {
			// Dir holds only [a-z0-9.-_], safe in a link target.
			site = "[" + site + "](" + r.Dir + "/" + ResultFile + ")"
		}
		grade := r.HygieneGrade
		if grade == "" {
			grade = "–"
		}
		fmt.Fprintf(&b, "| %d | %s | %s | %s | %s | %s | %s | %d | %s |\n",
			r.Index+1, site, r.Status, kept, broken, unver, mdCell(grade), r.ThirdParties, mdCell(r.Error))
	}
	return b.String()
}

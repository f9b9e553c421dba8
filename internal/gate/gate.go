package gate

import (
	"fmt"
	"time"

	"github.com/candor-audit/candor/checks"
	"github.com/candor-audit/candor/internal/result"
)

// Options are the gate settings, already parsed.
type Options struct {
	// FailOn is the --fail-on threshold.
	FailOn Threshold
	// Severities, when not empty, keeps only findings of these severities
	// (--severity); the others are neither shown nor counted.
	Severities []result.Severity
	// Baseline, when set, hides findings it already had (same id, same
	// outcome): only what is new or changed is shown and gated.
	Baseline *result.Result
	// Ignore, when set, hides the findings its live entries match.
	Ignore *IgnoreFile
	// Now decides whether ignore entries have expired.
	Now time.Time
}

// Suppressed is a finding an ignore entry hid.
type Suppressed struct {
	Finding result.Finding
	Entry   IgnoreEntry
}

// Outcome is what the gate decided.
type Outcome struct {
	// Result is a copy of the input with only the findings left to show;
	// its summary counts are redone when findings were removed (the
	// hygiene score and grade are kept).
	Result *result.Result
	// Failing are the shown findings at or above the threshold.
	Failing []result.Finding
	// Ignored, InBaseline and BelowSeverity count what was hidden and why.
	Ignored       []Suppressed
	InBaseline    int
	BelowSeverity int
	// Warnings are for stderr: expired ignore entries.
	Warnings []string
}

// Failed reports whether the run should exit with the findings code.
func (o *Outcome) Failed() bool { return len(o.Failing) > 0 }

// Notes are one-line explanations of what was hidden, for the top of a
// report.
func (o *Outcome) Notes() []string {
	var n []string
	if len(o.Ignored) > 0 {
		n = append(n, fmt.Sprintf("%d findings hidden by the ignore file.", len(o.Ignored)))
	}
	if o.InBaseline > 0 {
		n = append(n, fmt.Sprintf("%d findings already in the baseline are not shown; only new or changed findings are.", o.InBaseline))
	}
	if o.BelowSeverity > 0 {
		n = append(n, fmt.Sprintf("%d findings of other severities are not shown (--severity).", o.BelowSeverity))
	}
	return n
}

// Apply filters r's findings — ignore file, then baseline, then severity —
// and finds those that fail the build. r itself is not changed.
func Apply(r *result.Result, o Options) *Outcome {
	out := &Outcome{}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	var live []IgnoreEntry
	if o.Ignore != nil {
		for _, e := range o.Ignore.Entries {
			if e.Expired(o.Now) {
				out.Warnings = append(out.Warnings, fmt.Sprintf("%s:%d: ignore entry for %s expired on %s and no longer applies (reason was: %s)",
					o.Ignore.Path, e.Line, e.what(), e.Expires, e.Reason))
				continue
			}
			live = append(live, e)
		}
	}
	known := map[string]result.Outcome{}
	if o.Baseline != nil {
		for _, f := range o.Baseline.Findings {
			known[f.ID] = f.Outcome
		}
	}
	wanted := map[result.Severity]bool{}
	for _, s := range o.Severities {
		wanted[s] = true
	}

	kept := make([]result.Finding, 0, len(r.Findings))
findings:
	for _, f := range r.Findings {
		for _, e := range live {
			if e.Matches(f) {
				out.Ignored = append(out.Ignored, Suppressed{Finding: f, Entry: e})
				continue findings
			}
		}
		if was, ok := known[f.ID]; ok && was == f.Outcome {
			out.InBaseline++
			continue
		}
		if len(wanted) > 0 && !wanted[f.Severity] {
			out.BelowSeverity++
			continue
		}
		kept = append(kept, f)
		if o.FailOn.Fails(f) {
			out.Failing = append(out.Failing, f)
		}
	}

	cp := *r
	cp.Findings = kept
	if len(kept) != len(r.Findings) && r.Summary != nil {
		s := checks.Summarize(kept)
		s.HygieneScore, s.HygieneGrade = r.Summary.HygieneScore, r.Summary.HygieneGrade
		cp.Summary = &s
	}
	out.Result = &cp
	return out
}

package checks

import (
	"fmt"

	"github.com/candor-audit/candor/internal/result"
)

// BehaviourHeadless is the behaviour kind of a script that checks whether
// the browser is automated or headless.
const BehaviourHeadless = "headless-detection"

// judgeHeadlessDetection says whether a page checked for an automated
// browser: a page that does may show a scanner something else than the
// people it tracks, so the other findings may understate what it does.
func judgeHeadlessDetection(in *Input) []result.Finding {
	f := result.Finding{}
	for _, bi := range in.behaviours {
		if bi.b.Kind == BehaviourHeadless {
			f.Evidence = append(f.Evidence, behaviourEvidence(bi, ""))
		}
	}
	switch {
	case len(f.Evidence) > 0:
		f.Outcome, f.Severity = result.OutcomeInfo, result.SeverityLow
		f.Message = fmt.Sprintf("%d scripts checked whether the browser is automated; the site may behave differently for people than for this scan, so what was seen may understate what it does.", len(f.Evidence))
		if len(f.Evidence) == 1 {
			f.Message = "A script checked whether the browser is automated; the site may behave differently for people than for this scan, so what was seen may understate what it does."
		}
	case !in.watched():
		f.Outcome, f.Message = result.OutcomeUnverifiable, "This result was gathered without watching for headless-browser checks (an older scan)."
	case !in.scanned():
		f.Outcome, f.Message = result.OutcomeUnverifiable, "No page loaded."
	default:
		f.Outcome, f.Message = result.OutcomePass, "No script was seen checking for an automated browser on "+in.pagesPhrase()+"."
	}
	return []result.Finding{f}
}

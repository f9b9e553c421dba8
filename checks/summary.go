package checks

import (
	"strconv"

	"github.com/candor-audit/candor/internal/result"
)

// Summarize counts the verdicts of claim findings (kept, broken,
// unverifiable, out of scope) and the undisclosed practices, and
// computes the hygiene score and grade from the Observatory evidence the
// hygiene findings carry. A result with no scored hygiene test has score
// 0 and an empty grade.
func Summarize(findings []result.Finding) result.Summary {
	groups := map[string]Group{}
	for _, c := range All() {
		groups[c.ID] = c.Group
	}
	var s result.Summary
	penalties, bonuses, scored := 0, 0, false
	for _, f := range findings {
		if groups[f.Check] == GroupUndisclosed && f.Outcome != result.OutcomePass {
			s.Undisclosed++
		}
		if groups[f.Check] == GroupHygiene {
			for _, ev := range f.Evidence {
				if ev.Kind != EvObservatory {
					continue
				}
				m, err := strconv.Atoi(ev.Value)
				if err != nil {
					continue
				}
				scored = true
				if m < 0 {
					penalties += m
				} else {
					bonuses += m
				}
			}
		}
		if groups[f.Check] != GroupClaim {
			continue
		}
		switch f.Outcome {
		case result.OutcomeKept:
			s.Kept++
		case result.OutcomeBroken:
			s.Broken++
		case result.OutcomeUnverifiable:
			s.Unverifiable++
		case result.OutcomeOutOfScope:
			s.OutOfScope++
		}
	}
	if scored {
		s.HygieneScore, s.HygieneGrade, _ = finalScore(penalties, bonuses)
	}
	return s
}

// Package gate decides what a CI run shows and how it exits: the
// --fail-on threshold, the --severity filter, a baseline of findings
// already known, an ignore file of accepted findings, and the candor.yaml
// config that sets the same options as the flags.
package gate

import (
	"fmt"
	"strings"

	"github.com/candor-audit/candor/internal/result"
)

// severities lists the severities lowest first; the index is the rank.
var severities = []result.Severity{
	result.SeverityInfo, result.SeverityLow, result.SeverityMedium, result.SeverityHigh, result.SeverityCritical,
}

// Rank orders severities: info 1 … critical 5; an unknown severity is 0.
func Rank(s result.Severity) int {
	for i, x := range severities {
		if x == s {
			return i + 1
		}
	}
	return 0
}

// ParseSeverity reads a severity name, in any case.
func ParseSeverity(s string) (result.Severity, error) {
	v := result.Severity(strings.ToLower(strings.TrimSpace(s)))
	if Rank(v) == 0 {
		return "", fmt.Errorf("unknown severity %q (want info, low, medium, high or critical)", s)
	}
	return v, nil
}

// ParseSeverities reads the --severity list; entries may themselves be
// comma-separated.
func ParseSeverities(list []string) ([]result.Severity, error) {
	var out []result.Severity
	for _, item := range list {
		for _, s := range strings.Split(item, ",") {
			if strings.TrimSpace(s) == "" {
				continue
			}
			v, err := ParseSeverity(s)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
	}
	return out, nil
}

// Failed reports whether a finding is a failure at all: a broken claim or
// a failed test. Kept, pass, unverifiable, out-of-scope, info and error
// (could not check) never fail a build.
func Failed(f result.Finding) bool {
	return f.Outcome == result.OutcomeBroken || f.Outcome == result.OutcomeFail
}

// Threshold is the --fail-on setting.
type Threshold struct {
	never    bool
	severity result.Severity // empty: any broken claim
}

// DefaultFailOn is --fail-on's default: any broken claim.
const DefaultFailOn = "broken"

// ParseFailOn reads --fail-on: "broken" (any broken claim, the default),
// "none" (never fail), or a severity (any broken claim or failed test at
// or above it).
func ParseFailOn(s string) (Threshold, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", DefaultFailOn:
		return Threshold{}, nil
	case "none", "never":
		return Threshold{never: true}, nil
	}
	sev, err := ParseSeverity(s)
	if err != nil {
		return Threshold{}, fmt.Errorf("--fail-on: unknown value %q (want broken, none, info, low, medium, high or critical)", s)
	}
	return Threshold{severity: sev}, nil
}

// Fails reports whether f reaches the threshold.
func (t Threshold) Fails(f result.Finding) bool {
	switch {
	case t.never:
		return false
	case t.severity == "":
		return f.Claim != nil && f.Outcome == result.OutcomeBroken
	}
	return Failed(f) && Rank(f.Severity) >= Rank(t.severity)
}

// String is the threshold as --fail-on spells it.
func (t Threshold) String() string {
	switch {
	case t.never:
		return "none"
	case t.severity == "":
		return DefaultFailOn
	}
	return string(t.severity)
}

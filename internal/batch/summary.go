package batch

import (
	"sort"
	"time"

	"github.com/candor-audit/candor/internal/result"
)

// The statuses of a Row.
const (
	StatusOK      = "ok"      // the scan finished
	StatusError   = "error"   // the scan failed or timed out; Error says why
	StatusSkipped = "skipped" // --resume found it complete already
)

// Claims counts the verdicts on a site's privacy policy claims.
type Claims struct {
	Kept         int `json:"kept"`
	Broken       int `json:"broken"`
	Unverifiable int `json:"unverifiable"`
}

// Row is one site in the summary.
type Row struct {
	// Index is the site's position in the input, from 0.
	Index    int    `json:"index"`
	Target   string `json:"target"`
	FinalURL string `json:"final_url,omitempty"`
	Status   string `json:"status"`
	// Dir is the site's folder name inside the output folder.
	Dir string `json:"dir,omitempty"`
	// Claims is nil when the result carries no summary (checks not run).
	Claims       *Claims `json:"claims,omitempty"`
	HygieneGrade string  `json:"hygiene_grade,omitempty"`
	// ThirdParties is the number of distinct third-party organisations the
	// site's pages contacted (by the classified organisation, else by the
	// registrable domain).
	ThirdParties int    `json:"third_parties"`
	Error        string `json:"error,omitempty"`
	// Attempts is 2 when the site was retried after a browser crash.
	Attempts   int   `json:"attempts,omitempty"`
	DurationMS int64 `json:"duration_ms"`
}

// Summary is the outcome of a Run.
type Summary struct {
	StartedAt  time.Time `json:"started_at"`
	DurationMS int64     `json:"duration_ms"`
	// Total is the number of targets given.
	Total   int `json:"total"`
	OK      int `json:"ok"`
	Failed  int `json:"failed"`
	Skipped int `json:"skipped"`
	// NotRun counts targets never started because the run stopped early.
	NotRun int `json:"not_run"`
	// Launches and Restarts count browser starts (the first included) and
	// relaunches (after a crash or every RestartEvery sites).
	Launches int `json:"launches"`
	Restarts int `json:"restarts"`
	// Sites holds a row per site scanned or skipped, in input order.
	Sites []Row `json:"sites"`
}

// rowFor builds the summary row of a result.
func rowFor(idx int, target string, r *result.Result, err error) Row {
	row := Row{Index: idx, Target: target, Status: StatusOK}
	if err != nil {
		row.Status = StatusError
		row.Error = err.Error()
	}
	if r == nil {
		return row
	}
	row.FinalURL = r.FinalURL
	row.DurationMS = r.DurationMS
	if r.Summary != nil {
		row.Claims = &Claims{Kept: r.Summary.Kept, Broken: r.Summary.Broken, Unverifiable: r.Summary.Unverifiable}
		row.HygieneGrade = r.Summary.HygieneGrade
	}
	row.ThirdParties = thirdParties(r)
	return row
}

// thirdParties counts the distinct organisations behind third-party
// requests; a request with no known organisation counts by its
// registrable domain.
func thirdParties(r *result.Result) int {
	seen := map[string]bool{}
	for _, q := range r.Requests {
		if q.Party != result.ThirdParty {
			continue
		}
		key := "org:" + q.Org
		if q.Org == "" {
			key = "site:" + q.Site
			if q.Site == "" {
				key = "host:" + q.Host
			}
		}
		seen[key] = true
	}
	return len(seen)
}

// finish sorts the rows into input order and counts them.
func (s *Summary) finish() {
	sort.Slice(s.Sites, func(i, j int) bool { return s.Sites[i].Index < s.Sites[j].Index })
	s.OK, s.Failed, s.Skipped = 0, 0, 0
	for _, r := range s.Sites {
		switch r.Status {
		case StatusOK:
			s.OK++
		case StatusSkipped:
			s.Skipped++
		default:
			s.Failed++
		}
	}
	s.NotRun = s.Total - len(s.Sites)
}

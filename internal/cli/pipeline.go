package cli

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"time"

	"github.com/candor-audit/candor/audit/policy"
	"github.com/candor-audit/candor/checks"
	"github.com/candor-audit/candor/internal/classify"
	"github.com/candor-audit/candor/internal/cookies"
	"github.com/candor-audit/candor/internal/entities"
	"github.com/candor-audit/candor/internal/filterlist"
	"github.com/candor-audit/candor/internal/result"
	"github.com/candor-audit/candor/internal/tlsprobe"
	"github.com/spf13/cobra"
)

// judgeFlags are the flags that shape judgement after the browser is done.
type judgeFlags struct {
	CookieDB   string
	FilterList string
	TLSProbe   bool
}

func addJudgeFlags(cmd *cobra.Command, j *judgeFlags) {
	fl := cmd.Flags()
	fl.StringVar(&j.CookieDB, "cookie-db", "", "read cookie purposes from `FILE` in the Open Cookie Database CSV format, besides the built-in table")
	fl.StringVar(&j.FilterList, "filter-list", "", "mark requests matching this EasyPrivacy-style `FILE` (||host^ rules, simple patterns) as tracking")
	fl.BoolVar(&j.TLSProbe, "tls-probe", true, "probe whether the server still accepts TLS 1.0/1.1 (a direct connection from Candor, not the browser)")
}

// judge is the pipeline after the browser: it labels requests and cookies
// with organisations and purposes, probes legacy TLS, and runs the checks.
// It is pure apart from the TLS probe, so `candor report` never needs it.
type judge struct {
	db       classify.Databases
	tlsProbe bool
}

// newJudge loads the databases the flags name. Errors name the file.
func newJudge(j judgeFlags) (*judge, error) {
	ents, err := entities.Load()
	if err != nil {
		return nil, fmt.Errorf("load organisation data: %w", err)
	}
	var extra []*cookies.Table
	if j.CookieDB != "" {
		t, err := cookies.ReadOpenCookieDBFile(j.CookieDB)
		if err != nil {
			return nil, usageError("--cookie-db: %v", err)
		}
		extra = append(extra, t)
	}
	var fl *filterlist.List
	if j.FilterList != "" {
		if fl, err = filterlist.ParseFile(j.FilterList); err != nil {
			return nil, usageError("--filter-list: %v", err)
		}
	}
	return &judge{db: classify.Databases{Entities: ents, Cookies: cookies.New(extra...), Filter: fl}, tlsProbe: j.TLSProbe}, nil
}

// run judges r in place: findings and summary are replaced.
func (j *judge) run(ctx context.Context, r *result.Result) {
	if j.tlsProbe {
		j.probeLegacyTLS(ctx, r)
	}
	classify.Enrich(r, j.db)
	r.Findings = checks.Run(r, checks.Options{Entities: j.db.Entities, Cookies: j.db.Cookies})
	s := checks.Summarize(r.Findings)
	r.Summary = &s
	r.Normalize()
}

// legacyProbeTimeout bounds the TLS 1.0/1.1 probe of one host.
const legacyProbeTimeout = 10 * time.Second

// probeLegacyTLS asks the final host whether it still accepts TLS 1.0 or
// 1.1. A failed probe leaves TLS.Legacy nil ("not probed") and says why.
func (j *judge) probeLegacyTLS(ctx context.Context, r *result.Result) {
	if r.Security.TLS == nil || r.FinalURL == "" {
		return
	}
	u, err := url.Parse(r.FinalURL)
	if err != nil || u.Scheme != "https" {
		return
	}
	host, port := u.Hostname(), 443
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil {
			return
		}
	}
	ctx, cancel := context.WithTimeout(ctx, legacyProbeTimeout)
	defer cancel()
	legacy, err := tlsprobe.LegacyVersions(ctx, host, port, tlsprobe.Options{Timeout: legacyProbeTimeout})
	if err != nil {
		r.AddError("tls-probe", "https://"+net.JoinHostPort(host, strconv.Itoa(port))+"/", err)
		return
	}
	if legacy == nil {
		legacy = []string{}
	}
	r.Security.TLS.Legacy = legacy
}

// readPolicy is the scan's policy reader: the rendered HTML of the policy
// page (or a --policy file) becomes claims.
func readPolicy(ctx context.Context, pageURL string, data []byte) (result.Policy, error) {
	return policy.Read(ctx, policy.Source{Name: pageURL, URL: pageURL, Data: data})
}

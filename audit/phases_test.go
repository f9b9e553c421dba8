package audit

import (
	"log/slog"
	"net/url"
	"testing"

	"github.com/candor-audit/candor/internal/party"
	"github.com/candor-audit/candor/internal/result"
)

func TestConsentModes(t *testing.T) {
	tests := []struct {
		mode, want string
		ok         bool
	}{
		{"", ConsentAuto, true},
		{ConsentAuto, ConsentAuto, true},
		{ConsentOn, ConsentOn, true},
		{ConsentOff, ConsentOff, true},
		{"yes", "yes", false},
	}
	for _, tt := range tests {
		o := ScanOptions{Consent: tt.mode}.withDefaults()
		if o.Consent != tt.want {
			t.Errorf("%q: mode %q, want %q", tt.mode, o.Consent, tt.want)
		}
		if err := o.validate(); (err == nil) != tt.ok {
			t.Errorf("%q: validate %v, want ok %v", tt.mode, err, tt.ok)
		}
	}
}

// TestMergePhase checks that a phase's observations join the result with
// its label, parties relative to the site as the landed phase knows it,
// and errors that name the phase.
func TestMergePhase(t *testing.T) {
	target, _ := url.Parse("https://old-brand.test/")
	s := &scan{res: result.New(target.String(), "test"), target: target, log: slog.New(slog.DiscardHandler),
		// The landed phase learnt that the site moved to new-brand.test.
		cls: party.NewClassifier("www.new-brand.test", "old-brand.test")}
	sub := result.New(target.String(), "")
	sub.Pages = []result.Page{{URL: target.String(), Status: 200}}
	sub.Requests = []result.Request{
		{URL: "https://www.new-brand.test/", Host: "www.new-brand.test", Party: result.ThirdParty, Phase: PhaseAccept},
		{URL: "https://www.google-analytics.com/g/collect", Host: "www.google-analytics.com", Party: result.ThirdParty, Phase: PhaseAccept},
	}
	sub.Cookies = []result.Cookie{{Name: "_ga", Domain: ".new-brand.test"}}
	sub.Storage = []result.StorageItem{{Origin: "https://www.new-brand.test", Kind: "local", Key: "k"}}
	sub.Behaviours = []result.Behaviour{{Kind: "canvas-fingerprinting", Script: "https://www.new-brand.test/a.js", Host: "www.new-brand.test"}}
	sub.Beacons = []result.Beacon{{Vendor: "ga4", URL: "https://www.google-analytics.com/g/collect"}}
	sub.Errors = []result.Error{{Stage: "cookies", Message: "boom"}}
	sub.RequestsDropped = 2
	s.mergePhase(&phaseScan{name: PhaseAccept, sub: &scan{res: sub}})

	r := s.res
	if len(r.Pages) != 1 || r.Pages[0].Phase != PhaseAccept {
		t.Errorf("pages %+v", r.Pages)
	}
	wantParty := []result.Party{result.FirstParty, result.ThirdParty}
	for i, q := range r.Requests {
		if q.Phase != PhaseAccept || q.Party != wantParty[i] {
			t.Errorf("request %s: phase %q party %s, want accept %s", q.URL, q.Phase, q.Party, wantParty[i])
		}
	}
	if c := r.Cookies[0]; c.Phase != PhaseAccept || c.Party != result.FirstParty {
		t.Errorf("cookie %+v", c)
	}
	if it := r.Storage[0]; it.Phase != PhaseAccept || it.Party != result.FirstParty {
		t.Errorf("storage %+v", it)
	}
	if b := r.Behaviours[0]; b.Phase != PhaseAccept || b.Party != result.FirstParty {
		t.Errorf("behaviour %+v", b)
	}
	if r.Beacons[0].Phase != PhaseAccept || r.RequestsDropped != 2 {
		t.Errorf("beacon %+v dropped %d", r.Beacons[0], r.RequestsDropped)
	}
	if e := r.Errors[0]; e.Message != "accept phase: boom" {
		t.Errorf("error %+v", e)
	}
}

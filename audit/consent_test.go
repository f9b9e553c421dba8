package audit

import (
	"strings"
	"testing"
	"time"

	"github.com/candor-audit/candor/checks"
	"github.com/candor-audit/candor/internal/result"
)

// scanPhases scans host's landing page with the consent phases on their
// default (auto) and short waits.
func scanPhases(t *testing.T, host string, opts ScanOptions) *result.Result {
	t.Helper()
	opts.Pages = 1
	if opts.Wait == 0 {
		opts.Wait = time.Second
	}
	r, err := scanFixture(t, host, opts)
	if err != nil {
		t.Fatalf("scan %s: %v (errors %+v)", host, err, r.Errors)
	}
	return r
}

// hostsIn returns the hosts requested in phase ("" for landed).
func hostsIn(r *result.Result, phase string) map[string]bool {
	out := map[string]bool{}
	for _, q := range r.Requests {
		if q.Phase == phase {
			out[q.Host] = true
		}
	}
	return out
}

// cookieIn returns the cookie named name recorded in phase, or nil.
func cookieIn(r *result.Result, phase, name string) *result.Cookie {
	for i, c := range r.Cookies {
		if c.Phase == phase && c.Name == name {
			return &r.Cookies[i]
		}
	}
	return nil
}

// phaseOf returns the consent phase named name.
func phaseOf(r *result.Result, name string) result.ConsentPhase {
	if r.Consent == nil {
		return result.ConsentPhase{}
	}
	for _, p := range r.Consent.Phases {
		if p.Name == name {
			return p
		}
	}
	return result.ConsentPhase{}
}

// verdicts judges r with a policy that makes each claim kind, and returns
// every finding by check ID (claims by kind).
func verdicts(t *testing.T, r *result.Result, kinds ...string) map[string]result.Finding {
	t.Helper()
	r.Policy = result.Policy{URL: r.FinalURL + "privacy", FoundBy: "flag"}
	for i, k := range kinds {
		r.Policy.Claims = append(r.Policy.Claims, result.Claim{Kind: k, Scope: result.ScopeWebsite, Offset: i, Quote: "We promise " + k + ".", Rule: "test"})
	}
	out := map[string]result.Finding{}
	for _, f := range checks.Run(r, checks.Options{}) {
		if f.Claim != nil {
			out[f.Claim.Kind] = f
			continue
		}
		out[f.Check] = f
	}
	return out
}

// evidenceNames reports whether f lists evidence whose URL, host or name
// contains s.
func evidenceNames(f result.Finding, s string) bool {
	for _, ev := range f.Evidence {
		if strings.Contains(ev.URL, s) || ev.Host == s || ev.Name == s {
			return true
		}
	}
	return false
}

func TestConsentBannerStyles(t *testing.T) {
	tests := []struct {
		host, platform, lang, frame string
		shadow                      bool
		reject, accept              string
	}{
		{consentOK, "onetrust", "en", "", false, "Reject All", "Accept All Cookies"},
		{consentShadow, "generic", "en", "", true, "Reject all", "Accept all"},
		{consentFrame, "sourcepoint", "en", "https://" + cmpHost + "/message", false, "Reject all", "Accept all"},
		{consentDE, "generic", "de", "", false, "Alle ablehnen", "Alle akzeptieren"},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			t.Parallel()
			r := scanPhases(t, tt.host, ScanOptions{})
			c := r.Consent
			if c == nil || c.Banner == nil {
				t.Fatalf("no banner found: consent %+v", c)
			}
			b := c.Banner
			if b.Platform != tt.platform || b.InShadow != tt.shadow || b.Frame != tt.frame || (tt.lang != "en" && b.Language != tt.lang) {
				t.Errorf("banner %+v, want platform %s shadow %v frame %q language %s", b, tt.platform, tt.shadow, tt.frame, tt.lang)
			}
			if wantTC := tt.host == consentDE; (c.TCString == tcString) != wantTC {
				t.Errorf("TCF string %q, want it read: %v", c.TCString, wantTC)
			}
			if got := strings.Join(r.Options.Phases, ","); got != "landed,reject,accept" {
				t.Errorf("phases %s", got)
			}
			if p := phaseOf(r, PhaseReject); p.Clicked != tt.reject || p.Error != "" {
				t.Errorf("reject phase %+v, want %q clicked", p, tt.reject)
			}
			if p := phaseOf(r, PhaseAccept); p.Clicked != tt.accept || p.Error != "" {
				t.Errorf("accept phase %+v, want %q clicked", p, tt.accept)
			}
			// GA loads only after accept on these sites.
			for _, phase := range []string{"", PhaseReject} {
				if hostsIn(r, phase)[gaHost] || cookieIn(r, phase, "_ga") != nil {
					t.Errorf("analytics in phase %q", phase)
				}
			}
			if !hostsIn(r, PhaseAccept)[gaHost] || cookieIn(r, PhaseAccept, "_ga") == nil {
				t.Errorf("no analytics after accept: hosts %v", hostsIn(r, PhaseAccept))
			}
			if ck := cookieIn(r, PhaseReject, "consent"); ck == nil {
				t.Errorf("the reject answer's cookie is not recorded in the reject phase")
			}
			var beacon bool
			for _, bc := range r.Beacons {
				if bc.Phase == PhaseAccept && bc.Vendor == "ga4" && bc.ID == "G-TEST" {
					beacon = true
				}
			}
			if !beacon {
				t.Errorf("no GA4 beacon decoded in the accept phase: %+v", r.Beacons)
			}
			for _, p := range r.Pages {
				if p.Phase != "" && p.Phase != PhaseReject && p.Phase != PhaseAccept {
					t.Errorf("page in phase %q", p.Phase)
				}
			}
			if len(r.Pages) != 3 {
				t.Errorf("%d pages, want the landed page and one per answer", len(r.Pages))
			}
			v := verdicts(t, r, checks.KindConsentBeforeTracking)
			if f := v[checks.KindConsentBeforeTracking]; f.Outcome != result.OutcomeKept {
				t.Errorf("consent-before-tracking %s: %s", f.Outcome, f.Message)
			}
			for _, id := range []string{checks.IDConsentBefore, checks.IDConsentAfterReject, checks.IDNoRejectButton} {
				if f, ok := v[id]; ok && f.Outcome == result.OutcomeFail {
					t.Errorf("%s failed: %s", id, f.Message)
				}
			}
		})
	}
}

func TestConsentVerdicts(t *testing.T) {
	tests := []struct {
		host                    string
		claim                   result.Outcome
		before, afterReject, no bool // the findings that must fail
		rejectErr               string
	}{
		{consentEarly, result.OutcomeBroken, true, true, false, ""},
		{consentIgnored, result.OutcomeBroken, false, true, false, ""},
		{consentNoRej, result.OutcomeKept, false, false, true, noRejectButton},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			t.Parallel()
			r := scanPhases(t, tt.host, ScanOptions{})
			if p := phaseOf(r, PhaseReject); p.Error != tt.rejectErr {
				t.Errorf("reject phase %+v, want error %q", p, tt.rejectErr)
			}
			if tt.no && (r.Consent.Banner == nil || r.Consent.Banner.Reject != "" || r.Consent.Banner.Accept == "") {
				t.Errorf("banner %+v, want an accept and no reject button", r.Consent.Banner)
			}
			if got := hostsIn(r, "")[gaHost]; got != tt.before {
				t.Errorf("analytics before interaction = %v, want %v", got, tt.before)
			}
			v := verdicts(t, r, checks.KindConsentBeforeTracking)
			f := v[checks.KindConsentBeforeTracking]
			if f.Outcome != tt.claim {
				t.Errorf("consent-before-tracking %s, want %s: %s", f.Outcome, tt.claim, f.Message)
			}
			if tt.claim == result.OutcomeBroken && !evidenceNames(f, gaHost) {
				t.Errorf("broken without the analytics request as evidence: %+v", f.Evidence)
			}
			for id, want := range map[string]bool{checks.IDConsentBefore: tt.before, checks.IDConsentAfterReject: tt.afterReject, checks.IDNoRejectButton: tt.no} {
				got, ok := v[id]
				if (ok && got.Outcome == result.OutcomeFail) != want {
					t.Errorf("%s = %+v, want fail %v", id, got, want)
				}
				if want && !ok {
					continue
				}
				if want && id != checks.IDNoRejectButton && !evidenceNames(got, gaHost) {
					t.Errorf("%s has no analytics evidence: %+v", id, got.Evidence)
				}
			}
		})
	}
}

func TestNoBannerKeepsLandedOnly(t *testing.T) {
	t.Parallel()
	r := scanPhases(t, shopHost, ScanOptions{Wait: 500 * time.Millisecond})
	if r.Consent == nil || r.Consent.Banner != nil || len(r.Consent.Phases) != 1 || r.Consent.Phases[0].Name != PhaseLanded {
		t.Errorf("consent %+v, want no banner and the landed phase only", r.Consent)
	}
	for _, q := range r.Requests {
		if q.Phase != "" {
			t.Errorf("request %s labelled phase %q", q.URL, q.Phase)
		}
	}
	off := scanPhases(t, shopHost, ScanOptions{Wait: 500 * time.Millisecond, Consent: ConsentOff})
	if off.Consent != nil {
		t.Errorf("consent off still reports %+v", off.Consent)
	}
	on := scanPhases(t, shopHost, ScanOptions{Wait: 500 * time.Millisecond, Consent: ConsentOn})
	for _, name := range []string{PhaseReject, PhaseAccept} {
		if p := phaseOf(on, name); p.Error != "no cookie banner found" || p.Clicked != "" {
			t.Errorf("consent on, no banner: phase %+v", p)
		}
		if len(hostsIn(on, name)) > 0 {
			t.Errorf("phase %s without an answer recorded requests: %v", name, hostsIn(on, name))
		}
	}
	if _, err := scanFixture(t, shopHost, ScanOptions{Consent: "sometimes"}); err == nil || !strings.Contains(err.Error(), "auto, on or off") {
		t.Errorf("bad consent mode: err %v", err)
	}
}

func TestGPCPhase(t *testing.T) {
	tests := []struct {
		host      string
		honoured  bool
		wellKnown bool
	}{
		{gpcHonoured, true, true},
		{gpcIgnored, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			t.Parallel()
			r := scanPhases(t, tt.host, ScanOptions{GPC: true})
			if got := strings.Join(r.Options.Phases, ","); got != "landed,gpc" {
				t.Errorf("phases %s", got)
			}
			landed, gpc := hostsIn(r, ""), hostsIn(r, PhaseGPC)
			if !landed[gaHost] || !landed[pixelHost] {
				t.Errorf("landed phase lacks the trackers: %v", landed)
			}
			if !gpc[tt.host] {
				t.Errorf("gpc phase did not load the page: %v (consent %+v)", gpc, r.Consent)
			}
			if tracked := gpc[gaHost] || gpc[pixelHost]; tracked == tt.honoured {
				t.Errorf("gpc phase hosts %v; honoured %v", gpc, tt.honoured)
			}
			if got := r.Consent.GPCWellKnown != ""; got != tt.wellKnown || tt.wellKnown && !strings.Contains(r.Consent.GPCWellKnown, `"gpc": true`) {
				t.Errorf("gpc.json %q", r.Consent.GPCWellKnown)
			}
			for _, q := range r.Requests {
				if strings.Contains(q.URL, "/.well-known/") {
					t.Errorf("Candor's own fetch recorded: %s", q.URL)
				}
			}
			f := verdicts(t, r, checks.KindHonorsGPCDNT)[checks.KindHonorsGPCDNT]
			want := result.OutcomeBroken
			if tt.honoured {
				want = result.OutcomeKept
			}
			if f.Outcome != want {
				t.Errorf("honors-gpc-dnt %s, want %s: %s", f.Outcome, want, f.Message)
			}
		})
	}
}

func TestBehaviourVerdicts(t *testing.T) {
	tests := []struct {
		host     string
		kind     string // the behaviour that must be seen, "" for none
		party    result.Party
		detail   string // in the behaviour's Detail
		evidence string
		claim    string
		want     result.Outcome
	}{
		{fpSite, "canvas-fingerprinting", result.ThirdParty, "canvas 240×60", "https://" + fpVendor + "/fp.js", checks.KindNoFingerprinting, result.OutcomeBroken},
		{chartSite, "", "", "", "", checks.KindNoFingerprinting, result.OutcomeKept},
		{signupSite, "key-logging", result.ThirdParty, "sent base64 to https://" + grabberHost + "/collect", grabberHost, checks.KindNoTracking, result.OutcomeBroken},
		{searchSite, "key-logging", result.FirstParty, "url-encoded to https://" + searchSite + "/suggest?q=", "", checks.KindNoTracking, result.OutcomeKept},
		{recorderSite, "session-recording", result.ThirdParty, "Hotjar", hotjarHost, checks.KindNoTracking, result.OutcomeBroken},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			t.Parallel()
			r := scanPhases(t, tt.host, ScanOptions{KeyLogging: true})
			var seen *result.Behaviour
			for i, b := range r.Behaviours {
				if b.Kind == tt.kind {
					seen = &r.Behaviours[i]
				} else if b.Kind != "" && tt.kind == "" {
					t.Errorf("unexpected behaviour %+v", b)
				}
			}
			if tt.kind != "" {
				if seen == nil {
					t.Fatalf("no %s behaviour in %+v", tt.kind, r.Behaviours)
				}
				if seen.Party != tt.party || seen.Page != "https://"+tt.host+"/" || !strings.Contains(seen.Detail, tt.detail) {
					t.Errorf("behaviour %+v, want party %s on the landing page, detail %q", seen, tt.party, tt.detail)
				}
			}
			f := verdicts(t, r, tt.claim)[tt.claim]
			if f.Outcome != tt.want {
				t.Errorf("%s %s, want %s: %s", tt.claim, f.Outcome, tt.want, f.Message)
			}
			if tt.evidence != "" && !evidenceNames(f, tt.evidence) {
				t.Errorf("%s lacks evidence %s: %+v", tt.claim, tt.evidence, f.Evidence)
			}
			// Third-party behaviour is undisclosed practice of its own; the
			// site's own search box is not.
			var undisclosed bool
			for _, u := range checks.Run(r, checks.Options{}) {
				undisclosed = undisclosed || u.Check == checks.IDUndisclosedBehavior && u.Outcome == result.OutcomeFail
			}
			if want := tt.party == result.ThirdParty; undisclosed != want {
				t.Errorf("undisclosed behaviour finding %v, want %v", undisclosed, want)
			}
		})
	}
}

package checks

import (
	"errors"
	"testing"

	"github.com/candor-audit/candor/internal/result"
)

// inPhase labels observations with a consent phase.
func inPhase(phase string, qs ...result.Request) []result.Request {
	out := make([]result.Request, len(qs))
	for i, q := range qs {
		q.Phase = phase
		out[i] = q
	}
	return out
}

func cookieInPhase(phase string, c result.Cookie) result.Cookie {
	c.Phase = phase
	return c
}

// phased marks r as gathered with behaviour watching and the consent
// phases named, with a page for each.
func phased(banner *result.Banner, phases ...result.ConsentPhase) func(*result.Result) {
	return func(r *result.Result) {
		r.Options.Phases = []string{PhaseLanded}
		r.Consent = &result.Consent{Banner: banner, Phases: []result.ConsentPhase{{Name: PhaseLanded}}}
		for _, p := range phases {
			r.Options.Phases = append(r.Options.Phases, p.Name)
			r.Consent.Phases = append(r.Consent.Phases, p)
			if p.Error == "" {
				r.Pages = append(r.Pages, result.Page{URL: siteURL, FinalURL: siteURL, Status: 200, Phase: p.Name})
			}
		}
	}
}

var (
	oneTrust  = &result.Banner{Platform: "onetrust", FoundBy: "markup", Accept: "Accept All", Reject: "Reject All"}
	noReject  = &result.Banner{Platform: "generic", FoundBy: "button-text", Accept: "Accept all"}
	rejected  = result.ConsentPhase{Name: PhaseReject, Clicked: "Reject All"}
	accepted  = result.ConsentPhase{Name: PhaseAccept, Clicked: "Accept All"}
	gpcPhase  = result.ConsentPhase{Name: PhaseGPC}
	canvasFP  = result.Behaviour{Kind: BehaviourCanvas, Script: "https://fp.example.net/fp.js", Host: "fp.example.net", Party: result.ThirdParty, Page: siteURL, Detail: "canvas 240×60 read with toDataURL"}
	chartFP   = result.Behaviour{Kind: BehaviourCanvas, Script: siteURL + "app.js", Host: siteHost, Party: result.FirstParty, Page: siteURL}
	keysThird = result.Behaviour{Kind: BehaviourKeyLogging, Host: "keys.grabber.example", Party: result.ThirdParty, Page: siteURL, Detail: "typed text (not submitted) sent base64 to https://keys.grabber.example/collect"}
	keysFirst = result.Behaviour{Kind: BehaviourKeyLogging, Host: siteHost, Party: result.FirstParty, Page: siteURL, Detail: "typed text (not submitted) sent url-encoded to https://site.example/suggest?q=x"}
)

func addBehaviour(bs ...result.Behaviour) func(*result.Result) {
	return func(r *result.Result) { r.Behaviours = append(r.Behaviours, bs...) }
}

func TestClaimConsentBeforeTracking(t *testing.T) {
	runClaimCases(t, []claimCase{
		{name: "analytics only after accept", kind: KindConsentBeforeTracking,
			setup: all(phased(oneTrust, rejected, accepted), addReq(inPhase(PhaseAccept, gaScript, gaBeacon)...), addCookie(cookieInPhase(PhaseAccept, gaCookie))),
			want:  result.OutcomeKept},
		{name: "analytics before interaction", kind: KindConsentBeforeTracking,
			setup: all(phased(oneTrust, rejected, accepted), addReq(gaScript, gaBeacon), addCookie(gaCookie)),
			want:  result.OutcomeBroken, evidence: []string{"request:region1.google-analytics.com", "cookie:_ga"}, message: "before any interaction"},
		{name: "analytics after reject", kind: KindConsentBeforeTracking,
			setup: all(phased(oneTrust, rejected, accepted), addReq(inPhase(PhaseReject, gaBeacon)...)),
			want:  result.OutcomeBroken, evidence: []string{"request:region1.google-analytics.com"}, message: "after Reject all"},
		{name: "reject not clicked: reject phase not judged", kind: KindConsentBeforeTracking,
			setup: all(phased(noReject, result.ConsentPhase{Name: PhaseReject, Error: "no reject button on first layer"}, accepted), addReq(inPhase(PhaseReject, gaBeacon)...)),
			want:  result.OutcomeKept, message: "no reject button"},
		{name: "tag manager alone does not count", kind: KindConsentBeforeTracking, setup: all(phased(oneTrust, rejected, accepted), addReq(gaScript)), want: result.OutcomeKept},
		{name: "cookieless analytics does not count", kind: KindConsentBeforeTracking, setup: all(phased(nil), addReq(plausible)), want: result.OutcomeKept, message: "No cookie banner"},
		{name: "ads inside an embed: a person judges", kind: KindConsentBeforeTracking, setup: all(phased(nil), addReq(ytFrame, ytAds)), want: result.OutcomeUnverifiable},
		{name: "fingerprinting before interaction", kind: KindConsentBeforeTracking, setup: all(phased(oneTrust, rejected), addBehaviour(canvasFP)),
			want: result.OutcomeBroken, evidence: []string{"behaviour:https://fp.example.net/fp.js"}},
		{name: "no consent data: landed judged", kind: KindConsentBeforeTracking, setup: all(addReq(gaBeacon), addCookie(gaCookie)),
			want: result.OutcomeBroken, message: "did not look at the cookie banner"},
	})
}

func TestClaimHonorsGPC(t *testing.T) {
	runClaimCases(t, []claimCase{
		{name: "no gpc phase", kind: KindHonorsGPCDNT, setup: all(phased(nil), addReq(gaBeacon)), want: result.OutcomeUnverifiable, message: "--gpc"},
		{name: "signal stops analytics", kind: KindHonorsGPCDNT, setup: all(phased(nil, gpcPhase), addReq(gaBeacon), addCookie(gaCookie)),
			want: result.OutcomeKept, message: "Google Analytics"},
		{name: "nothing either way", kind: KindHonorsGPCDNT, setup: phased(nil, gpcPhase), want: result.OutcomeKept, message: "none ran without"},
		{name: "signal ignored", kind: KindHonorsGPCDNT,
			setup: all(phased(nil, gpcPhase), addReq(gaBeacon), addReq(inPhase(PhaseGPC, gaBeacon)...), addCookie(cookieInPhase(PhaseGPC, gaCookie))),
			want:  result.OutcomeBroken, evidence: []string{"request:region1.google-analytics.com", "cookie:_ga"}},
		{name: "tracker only with the signal", kind: KindHonorsGPCDNT, setup: all(phased(nil, gpcPhase), addReq(gaBeacon), addReq(inPhase(PhaseGPC, fbPixel)...)),
			want: result.OutcomeUnverifiable, evidence: []string{"request:www.facebook.com"}},
		{name: "gpc page did not load", kind: KindHonorsGPCDNT, setup: phased(nil, result.ConsentPhase{Name: PhaseGPC, Error: "the landing page did not load"}),
			want: result.OutcomeUnverifiable},
	})
}

func TestClaimNoFingerprinting(t *testing.T) {
	runClaimCases(t, []claimCase{
		{name: "older result", kind: KindNoFingerprinting, want: result.OutcomeUnverifiable, message: "without watching"},
		{name: "none seen", kind: KindNoFingerprinting, setup: all(phased(nil), addBehaviour(keysFirst)), want: result.OutcomeKept},
		{name: "third-party canvas", kind: KindNoFingerprinting, setup: all(phased(nil), addBehaviour(canvasFP)),
			want: result.OutcomeBroken, evidence: []string{"behaviour:https://fp.example.net/fp.js"}},
		{name: "first-party canvas, after accept", kind: KindNoFingerprinting, setup: func(r *result.Result) {
			phased(oneTrust, rejected, accepted)(r)
			b := chartFP
			b.Phase = PhaseAccept
			r.Behaviours = append(r.Behaviours, b)
		}, want: result.OutcomeBroken, evidence: []string{"behaviour:https://site.example/app.js"}},
	})
}

func TestClaimNoTrackingBehaviour(t *testing.T) {
	runClaimCases(t, []claimCase{
		{name: "watched, nothing", kind: KindNoTracking, setup: phased(nil), want: result.OutcomeKept},
		{name: "first-party search sends typed text to itself", kind: KindNoTracking, setup: all(phased(nil), addBehaviour(keysFirst)), want: result.OutcomeKept},
		{name: "typed text to a third party", kind: KindNoTracking, setup: all(phased(nil), addBehaviour(keysThird)),
			want: result.OutcomeBroken, evidence: []string{"behaviour:keys.grabber.example"}},
		{name: "fingerprinting", kind: KindNoTracking, setup: all(phased(nil), addBehaviour(canvasFP)), want: result.OutcomeBroken},
		{name: "session recorder by behaviour", kind: KindNoTracking, setup: all(phased(nil), addBehaviour(result.Behaviour{
			Kind: BehaviourRecorder, Script: "https://rec.example.org/r.js", Host: "rec.example.org", Party: result.ThirdParty, Page: siteURL})),
			want: result.OutcomeBroken},
	})
}

func TestConsentFindings(t *testing.T) {
	tests := []struct {
		name  string
		setup func(*result.Result)
		want  map[string]result.Outcome // check ID -> outcome; absent IDs must give no finding
	}{
		{"older result: nothing", addReq(gaBeacon), map[string]result.Outcome{}},
		{"clean site without banner", phased(nil), map[string]result.Outcome{IDConsentBefore: result.OutcomePass}},
		{"tracking without a banner", all(phased(nil), addReq(gaBeacon), addCookie(gaCookie)), map[string]result.Outcome{IDConsentBefore: result.OutcomeFail}},
		{"banner kept", all(phased(oneTrust, rejected, accepted), addReq(inPhase(PhaseAccept, gaBeacon)...)),
			map[string]result.Outcome{IDConsentBefore: result.OutcomePass, IDConsentAfterReject: result.OutcomePass, IDNoRejectButton: result.OutcomePass}},
		{"tracking after reject", all(phased(oneTrust, rejected, accepted), addReq(inPhase(PhaseReject, gaBeacon)...)),
			map[string]result.Outcome{IDConsentBefore: result.OutcomePass, IDConsentAfterReject: result.OutcomeFail, IDNoRejectButton: result.OutcomePass}},
		{"no reject button", phased(noReject, result.ConsentPhase{Name: PhaseReject, Error: "no reject button on first layer"}, accepted),
			map[string]result.Outcome{IDConsentBefore: result.OutcomePass, IDNoRejectButton: result.OutcomeFail}},
		{"only an embed's ads", all(phased(nil), addReq(ytFrame, ytAds)), map[string]result.Outcome{IDConsentBefore: result.OutcomeInfo}},
		{"clean, but a frame out of sight", all(phased(nil), func(r *result.Result) {
			r.AddError("frames", "https://widget.example/frame", errors.New("isolated"))
		}), map[string]result.Outcome{IDConsentBefore: result.OutcomeUnverifiable}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cleanSite()
			tt.setup(r)
			got := map[string]result.Finding{}
			for _, id := range []string{IDConsentBefore, IDConsentAfterReject, IDNoRejectButton} {
				for _, f := range judge(t, r, id) {
					got[id] = f
				}
			}
			for id, f := range got {
				want, ok := tt.want[id]
				if !ok {
					t.Errorf("unexpected %s", describe(f))
					continue
				}
				if f.Outcome != want {
					t.Errorf("%s: %s, want %s\n%s", id, f.Outcome, want, describe(f))
				}
				if f.Outcome == result.OutcomeFail && len(f.Evidence) == 0 {
					t.Errorf("%s fails without evidence", id)
				}
			}
			for id := range tt.want {
				if _, ok := got[id]; !ok {
					t.Errorf("no %s finding", id)
				}
			}
		})
	}
}

func TestUndisclosedBehaviour(t *testing.T) {
	hotjar := result.Behaviour{Kind: BehaviourRecorder, Script: "https://static.hotjar.com/c/hotjar-1.js", Host: "static.hotjar.com", Party: result.ThirdParty, Page: siteURL}
	tests := []struct {
		name  string
		setup func(*result.Result)
		want  map[string]result.Outcome // finding ID -> outcome
	}{
		{"third-party fingerprinting", addBehaviour(canvasFP), map[string]result.Outcome{IDUndisclosedBehavior + "/canvas-fingerprinting-fp.example.net": result.OutcomeFail}},
		{"first-party search is not reported", addBehaviour(keysFirst), map[string]result.Outcome{}},
		{"typed text to a third party", addBehaviour(keysThird), map[string]result.Outcome{IDUndisclosedBehavior + "/key-logging-keys.grabber.example": result.OutcomeFail}},
		{"undisclosed recorder", addBehaviour(hotjar), map[string]result.Outcome{IDUndisclosedBehavior + "/session-recording-hotjar": result.OutcomeFail}},
		{"disclosed recorder", all(addBehaviour(hotjar), addClaim(claim(KindDisclosesThirdParty, "Hotjar", 5))), map[string]result.Outcome{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cleanSite()
			tt.setup(r)
			fs := judge(t, r, IDUndisclosedBehavior)
			if len(fs) != len(tt.want) {
				t.Errorf("%d findings, want %d", len(fs), len(tt.want))
			}
			for _, f := range fs {
				if want, ok := tt.want[f.ID]; !ok || f.Outcome != want {
					t.Errorf("got %s; want %v", describe(f), tt.want)
				}
			}
		})
	}
}

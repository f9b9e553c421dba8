package policy

import (
	"context"
	"reflect"
	"testing"
)

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"We use tools, e.g. Plausible. We do not sell data.", []string{"We use tools, e.g. Plausible.", "We do not sell data."}},
		{"Acme Inc. is the controller. See Art. 6 GDPR.", []string{"Acme Inc. is the controller.", "See Art. 6 GDPR."}},
		{"Do you use cookies? No. We never do.", []string{"Do you use cookies?", "No.", "We never do."}},
		{"Version 1.2 applies (i.e. TLS). Done!", []string{"Version 1.2 applies (i.e. TLS).", "Done!"}},
		{"He said “no.” Then left.", []string{"He said “no.”", "Then left."}},
		{"Rules of No. 5 apply. Next.", []string{"Rules of No. 5 apply.", "Next."}},
	}
	for _, tt := range tests {
		var got []string
		for _, sp := range splitSentences(tt.in) {
			got = append(got, tt.in[sp[0]:sp[1]])
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitSentences(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTextDocumentHeadingsAndLists(t *testing.T) {
	in := "Privacy Policy\nLast updated: May 1\n1. Cookies\nWe do not use cookies\nand never will.\n- Item one.\n- Item two\n2. Contact\nWrite to us."
	doc := textDocument(in, false)
	var heads, paras []string
	for _, b := range doc.blocks {
		if b.heading {
			heads = append(heads, doc.text[b.start:b.end])
		} else {
			paras = append(paras, doc.text[b.start:b.end])
		}
	}
	wantHeads := []string{"Privacy Policy", "Last updated: May 1", "1. Cookies", "2. Contact"}
	wantParas := []string{"We do not use cookies and never will.", "- Item one.", "- Item two", "Write to us."}
	if !reflect.DeepEqual(heads, wantHeads) || !reflect.DeepEqual(paras, wantParas) {
		t.Errorf("headings %q\nparas %q", heads, paras)
	}
	sents := segment(doc)
	if sents[0].section != "1. Cookies" || sents[len(sents)-1].section != "2. Contact" {
		t.Errorf("sections: %q / %q", sents[0].section, sents[len(sents)-1].section)
	}
}

// TestFlattenedScopeCarry: in one flattened paragraph (seed 002 style) a
// sentence naming nothing takes the app or website named last before it.
func TestFlattenedScopeCarry(t *testing.T) {
	filler := "This sentence is only here to make the paragraph long enough to count as flattened text. "
	text := "Session App Session is designed for privacy. " + filler + filler + filler + filler + filler +
		"Your IP address is not recorded. " + filler + filler + "The Session website is simple. " + filler + filler +
		"All information is deleted within 6 months. " + filler + filler + filler
	p := readPassage(context.Background(), text, "", "website")
	want := map[string]string{"no-ip-logging": "app", "retention": "website"}
	for _, c := range p.Claims {
		if w, ok := want[c.Kind]; ok {
			if c.Scope != w {
				t.Errorf("%s scope %s, want %s", c.Kind, c.Scope, w)
			}
			delete(want, c.Kind)
		}
	}
	if len(want) > 0 {
		t.Errorf("claims not found: %v (got %+v)", want, p.Claims)
	}
}

func TestCanonicalOrg(t *testing.T) {
	tests := map[string]string{
		"AWS": "Amazon Web Services", "Cognito": "Amazon Web Services", "cloudfront": "Amazon Web Services", "S3": "Amazon Web Services",
		"Meta": "Facebook", "GA4": "Google Analytics", "Google Analytics 4": "Google Analytics", "Soundcloud": "SoundCloud",
		"youtube": "YouTube", "Campaign Monitor": "Campaign Monitor", "OpenStreetMap": "OpenStreetMap", "Resend": "Resend",
		"App Store": "App Store", "Google Play": "Google Play", "HubSpot": "Hubspot", "Microsoft Clarity": "Clarity",
	}
	for in, want := range tests {
		if got, ok := CanonicalOrg(in); !ok || got != want {
			t.Errorf("CanonicalOrg(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "Acme Widgets", "Session"} {
		if got, ok := CanonicalOrg(in); ok {
			t.Errorf("CanonicalOrg(%q) = %q, want unknown", in, got)
		}
	}
}

func TestFindOrgsCaseSensitiveAliases(t *testing.T) {
	idx := newOrgIndex()
	names := func(s string) []string {
		var out []string
		for _, m := range idx.findOrgs(s) {
			out = append(out, m.name)
		}
		return out
	}
	if got := names("Please resend the email; we segment users."); got != nil {
		t.Errorf("common words read as organisations: %q", got)
	}
	if got := names("Email is sent by Resend, analytics by Segment and AWS’s S3."); !reflect.DeepEqual(got, []string{"Resend", "Segment", "Amazon Web Services"}) {
		t.Errorf("got %q", got)
	}
}

package entities

import (
	"os"
	"strings"
	"testing"
)

func mustLoad(t testing.TB) *DB {
	t.Helper()
	db, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return db
}

func TestLoadRecordsVersion(t *testing.T) {
	db := mustLoad(t)
	if db.Version() != "0.30.0" {
		t.Errorf("Version = %q, want 0.30.0", db.Version())
	}
	if db.Len() < 2000 {
		t.Errorf("Len = %d, want the full third-party-web list (> 2000)", db.Len())
	}
}

func TestLicenceNoticeKept(t *testing.T) {
	b, err := os.ReadFile("THIRD_PARTY_WEB_LICENSE")
	if err != nil {
		t.Fatalf("read licence: %v", err)
	}
	for _, want := range []string{"The MIT License", "Patrick Hulce", "0.30.0"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("THIRD_PARTY_WEB_LICENSE lacks %q", want)
		}
	}
}

func TestLookup(t *testing.T) {
	db := mustLoad(t)
	tests := []struct {
		host, name, company, category string
		cookieless                    bool
	}{
		{"www.google-analytics.com", "Google Analytics", "Google", Analytics, false},
		{"google-analytics.com", "Google Analytics", "Google", Analytics, false},
		{"region1.google-analytics.com:443", "Google Analytics", "Google", Analytics, false},
		{"stats.g.doubleclick.net", "Google/Doubleclick Ads", "Google", Advertising, false},
		{"connect.facebook.net", "Facebook", "", Social, false},
		{"static.hotjar.com", "Hotjar", "", SessionRecording, false},
		{"www.clarity.ms", "Microsoft Clarity", "Microsoft", SessionRecording, false},
		{"r.lr-ingest.io", "LogRocket", "", SessionRecording, false},
		{"cdnjs.cloudflare.com", "Cloudflare CDN", "Cloudflare", CDN, false},
		{"static.cloudflareinsights.com", "Cloudflare Web Analytics", "Cloudflare", Analytics, true},
		{"plausible.io", "Plausible", "", Analytics, true},
		{"a.tile.openstreetmap.org", "OpenStreetMap", "OpenStreetMap Foundation", Content, false},
		{"myaccount.createsend1.com", "Campaign Monitor", "", Marketing, false},
		{"www.youtube-nocookie.com", "YouTube", "", Video, false},
		{"fonts.gstatic.com", "Google Fonts", "Google", CDN, false},
		{"FONTS.GOOGLEAPIS.COM.", "Google Fonts", "Google", CDN, false},
		{"maps.googleapis.com", "Google Maps", "Google", Utility, false},
		{"s0.wp.com", "WordPress", "Automattic", Hosting, false},
		{"stats.wp.com", "WordPress Site Stats", "Automattic", Analytics, false},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			e, ok := db.Lookup(tt.host)
			if !ok {
				t.Fatalf("Lookup(%q) found nothing", tt.host)
			}
			if e.Name != tt.name || e.Company != tt.company || e.Category != tt.category || e.Cookieless != tt.cookieless {
				t.Errorf("Lookup(%q) = %+v, want %s/%s/%s cookieless=%v", tt.host, e, tt.name, tt.company, tt.category, tt.cookieless)
			}
		})
	}
}

func TestLookupMisses(t *testing.T) {
	db := mustLoad(t)
	for _, host := range []string{"", "example.org", "thesession.org", "localhost", "127.0.0.1", "notgoogle-analytics.com", "cloudfront.net.evil.example"} {
		if e, ok := db.Lookup(host); ok {
			t.Errorf("Lookup(%q) = %+v, want no entity", host, e)
		}
	}
	// An exact (non-wildcard) entry does not cover subdomains.
	if e, ok := db.Lookup("x.cloudfront.net"); ok && e.Name == "Amazon CloudFront" {
		t.Errorf("exact entry cloudfront.net matched a subdomain: %+v", e)
	}
	var nilDB *DB
	if _, ok := nilDB.Lookup("www.google-analytics.com"); ok {
		t.Error("nil DB found an entity")
	}
}

func TestMatches(t *testing.T) {
	db := mustLoad(t)
	get := func(name string) Entity {
		e, ok := db.ByName(name)
		if !ok {
			t.Fatalf("ByName(%q) found nothing", name)
		}
		return e
	}
	tests := []struct {
		subject, entity string
		want            bool
	}{
		{"Google", "Google Analytics", true},
		{"google analytics", "Google Analytics", true},
		{"Google", "Google/Doubleclick Ads", true},
		{"DoubleClick", "Google/Doubleclick Ads", true},
		{"Cloudflare", "Cloudflare CDN", true},
		{"Cloudflare", "Cloudflare Web Analytics", true},
		{"AWS", "Amazon Web Services", true},
		{"Amazon Web Services", "Amazon CloudFront", true},
		{"Cognito", "Amazon CloudFront", true},
		{"Meta", "Facebook", true},
		{"Soundcloud", "SoundCloud", true},
		{"YouTube", "YouTube", true},
		{"YouTube or Vimeo", "Vimeo", true},
		{"Google Play, App Store", "Google Analytics", false},
		{"Google Play, Google", "Google Analytics", true},
		{"OpenStreetMap", "OpenStreetMap", true},
		{"Campaign Monitor", "Campaign Monitor", true},
		{"WordPress", "WordPress", true},
		{"Stripe", "Stripe", true},
		{"YouTube", "Vimeo", false},
		{"Google", "Facebook", false},
		{"Goo", "Google Analytics", false},
		{"Cloudflare", "Amazon CloudFront", false},
		{"Amazon Web Services", "Amazon Ads", false},
		{"", "Google Analytics", false},
	}
	for _, tt := range tests {
		if got := Matches(tt.subject, get(tt.entity)); got != tt.want {
			t.Errorf("Matches(%q, %s) = %v, want %v", tt.subject, tt.entity, got, tt.want)
		}
	}
}

func TestOverrideNeedsCategoryAndDomains(t *testing.T) {
	_, err := load([]byte(`{"meta":{"version":"x"},"entities":[]}`), []byte(`{"entities":[{"name":"Nobody"}]}`))
	if err == nil || !strings.Contains(err.Error(), "Nobody") {
		t.Errorf("load with a bare new override: err = %v, want one naming the entry", err)
	}
	if _, err := load([]byte(`not json`), overridesData); err == nil {
		t.Error("load accepted malformed data")
	}
}

func BenchmarkLookup(b *testing.B) {
	db := mustLoad(b)
	hosts := []string{"www.google-analytics.com", "a.b.c.d.example.org", "static.hotjar.com", "cdnjs.cloudflare.com"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		db.Lookup(hosts[i%len(hosts)])
	}
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

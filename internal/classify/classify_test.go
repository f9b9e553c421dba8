package classify

import (
	"strings"
	"testing"

	"github.com/candor-audit/candor/internal/cookies"
	"github.com/candor-audit/candor/internal/entities"
	"github.com/candor-audit/candor/internal/filterlist"
	"github.com/candor-audit/candor/internal/result"
)

func dbs(t testing.TB, filter string) Databases {
	t.Helper()
	ents, err := entities.Load()
	if err != nil {
		t.Fatal(err)
	}
	d := Databases{Entities: ents, Cookies: cookies.New()}
	if filter != "" {
		l, err := filterlist.Parse(strings.NewReader(filter))
		if err != nil {
			t.Fatal(err)
		}
		d.Filter = l
	}
	return d
}

func TestEnrichRequests(t *testing.T) {
	r := &result.Result{Requests: []result.Request{
		{URL: "https://www.google-analytics.com/g/collect", Host: "www.google-analytics.com"},
		{URL: "https://cdnjs.cloudflare.com/ajax/libs/x.js", Host: "cdnjs.cloudflare.com"},
		{URL: "https://site.example/app.js", Host: "site.example"},
		{URL: "https://t.unknown.example/pixel.gif?id=1", Host: "t.unknown.example"},
		{URL: "https://static.hotjar.com/c/hotjar.js", Host: "static.hotjar.com", Org: "Preset", Category: "other"},
	}}
	Enrich(r, dbs(t, "/pixel.gif?\n"))
	want := []struct {
		org, cat string
		tracking bool
	}{
		{"Google Analytics", entities.Analytics, false},
		{"Cloudflare CDN", entities.CDN, false},
		{"", "", false},
		{"", "", true},
		{"Preset", "other", false}, // already set: kept
	}
	for i, w := range want {
		got := r.Requests[i]
		if got.Org != w.org || got.Category != w.cat || got.Tracking != w.tracking {
			t.Errorf("request %d (%s): org=%q cat=%q tracking=%v; want %q %q %v", i, got.Host, got.Org, got.Category, got.Tracking, w.org, w.cat, w.tracking)
		}
	}
}

func TestEnrichCookies(t *testing.T) {
	r := &result.Result{Cookies: []result.Cookie{
		{Name: "_ga", Domain: ".site.example"},
		{Name: "_fbp", Domain: ".site.example"},
		{Name: "fr", Domain: ".facebook.com"},
		{Name: "IDE", Domain: ".doubleclick.net"},
		{Name: "xyz_unknown", Domain: ".doubleclick.net"}, // ad domain: advertising
		{Name: "datr", Domain: ".facebook.com"},           // social domain: org only
		{Name: "PHPSESSID", Domain: "site.example"},
		{Name: "fca_eoi_pagecount", Domain: "site.example"},
		{Name: "_hjSessionUser_1", Domain: ".site.example"},
	}}
	Enrich(r, dbs(t, ""))
	want := [][2]string{
		{cookies.PurposeAnalytics, "Google Analytics"},
		{cookies.PurposeAdvertising, "Facebook"},
		{cookies.PurposeAdvertising, "Facebook"},
		{cookies.PurposeAdvertising, "Google/Doubleclick Ads"},
		{cookies.PurposeAdvertising, "Google/Doubleclick Ads"},
		{cookies.PurposeUnknown, "Facebook"},
		{cookies.PurposeEssential, ""},
		{cookies.PurposeUnknown, ""},
		{cookies.PurposeSessionRecording, "Hotjar"},
	}
	for i, w := range want {
		c := r.Cookies[i]
		if c.Purpose != w[0] || c.Org != w[1] {
			t.Errorf("cookie %s@%s: purpose=%q org=%q; want %q %q", c.Name, c.Domain, c.Purpose, c.Org, w[0], w[1])
		}
	}
}

func TestEnrichNil(t *testing.T) {
	Enrich(nil, dbs(t, "")) // must not panic
}

func TestStoragePurpose(t *testing.T) {
	d := dbs(t, "")
	if got := StoragePurpose(result.StorageItem{Origin: "https://site.example", Key: "_hjSessionStorageTest"}, d); got.Purpose != cookies.PurposeSessionRecording {
		t.Errorf("hotjar storage key: %+v", got)
	}
	if got := StoragePurpose(result.StorageItem{Origin: "https://site.example", Key: "theme"}, d); got.Purpose != cookies.PurposeUnknown {
		t.Errorf("plain storage key: %+v", got)
	}
}

func BenchmarkEnrich(b *testing.B) {
	d := dbs(b, "||doubleclick.net^\n/collect?\n")
	hosts := []string{"www.google-analytics.com", "cdnjs.cloudflare.com", "site.example", "t.unknown.example", "static.hotjar.com"}
	names := []string{"_ga", "PHPSESSID", "prefs", "_fbp", "IDE"}
	base := &result.Result{}
	for i := range 5000 {
		h := hosts[i%len(hosts)]
		base.Requests = append(base.Requests, result.Request{URL: "https://" + h + "/collect?v=2", Host: h})
	}
	for i := range 500 {
		base.Cookies = append(base.Cookies, result.Cookie{Name: names[i%len(names)], Domain: ".site.example"})
	}
	b.ReportAllocs()
	for b.Loop() {
		r := &result.Result{Requests: append([]result.Request(nil), base.Requests...), Cookies: append([]result.Cookie(nil), base.Cookies...)}
		Enrich(r, d)
	}
}

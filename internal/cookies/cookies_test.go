package cookies

import (
	"strings"
	"testing"
)

const ocdPath = "../../../shared/data/open-cookie-database.csv"

func TestBuiltinLookup(t *testing.T) {
	db := New()
	tests := []struct {
		name, domain, purpose, org string
		known                      bool
	}{
		{"_ga", ".example.org", PurposeAnalytics, "Google Analytics", true},
		{"_ga_ABC123", "example.org", PurposeAnalytics, "Google Analytics", true},
		{"_gid", "example.org", PurposeAnalytics, "Google Analytics", true},
		{"_gat_UA-1", "example.org", PurposeAnalytics, "Google Analytics", true},
		{"_gcl_au", "example.org", PurposeAdvertising, "Google/Doubleclick Ads", true},
		{"_fbp", ".example.org", PurposeAdvertising, "Facebook", true},
		{"fr", ".facebook.com", PurposeAdvertising, "Facebook", true},
		{"IDE", ".doubleclick.net", PurposeAdvertising, "Google/Doubleclick Ads", true},
		{"test_cookie", ".doubleclick.net", PurposeAdvertising, "Google/Doubleclick Ads", true},
		{"NID", ".google.com", PurposeAdvertising, "Google", true},
		{"_hjSessionUser_123", "example.org", PurposeSessionRecording, "Hotjar", true},
		{"_clck", "example.org", PurposeSessionRecording, "Microsoft Clarity", true},
		{"MUID", ".bing.com", PurposeAdvertising, "Bing Ads", true},
		{"_uetvid", "example.org", PurposeAdvertising, "Bing Ads", true},
		{"li_sugr", ".linkedin.com", PurposeAdvertising, "LinkedIn Ads", true},
		{"_tt_enable_cookie", "example.org", PurposeAdvertising, "TikTok", true},
		{"__cf_bm", ".example.org", PurposeEssential, "Cloudflare", true},
		{"cf_clearance", ".example.org", PurposeEssential, "Cloudflare", true},
		{"PHPSESSID", "example.org", PurposeEssential, "", true},
		{"JSESSIONID", "example.org", PurposeEssential, "", true},
		{"ASP.NET_SessionId", "example.org", PurposeEssential, "", true},
		{"csrftoken", "example.org", PurposeEssential, "", true},
		{"XSRF-TOKEN", "example.org", PurposeEssential, "", true},
		{"laravel_session", "example.org", PurposeEssential, "", true},
		{"OptanonConsent", "example.org", PurposeEssential, "Optanon", true},
		{"CookieConsent", "example.org", PurposeEssential, "Cookiebot", true},
		// A site's own cookies that share a name with a tracker's on
		// another domain are not the tracker's.
		{"fr", "example.fr", PurposeUnknown, "", false},
		{"IDE", "example.org", PurposeUnknown, "", false},
		{"NID", "example.org", PurposeUnknown, "", false},
		// Unknown names are unknown, never essential.
		{"fca_eoi_pagecount", "getsession.org", PurposeUnknown, "", false},
		{"session_token_x", "example.org", PurposeUnknown, "", false},
		{"", "example.org", PurposeUnknown, "", false},
		// Names are case-sensitive.
		{"phpsessid", "example.org", PurposeUnknown, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name+"@"+tt.domain, func(t *testing.T) {
			info, ok := db.Lookup(tt.name, tt.domain)
			if ok != tt.known || info.Purpose != tt.purpose || info.Org != tt.org {
				t.Errorf("Lookup(%q, %q) = %+v, %v; want %s/%s, %v", tt.name, tt.domain, info, ok, tt.purpose, tt.org, tt.known)
			}
		})
	}
}

func TestNonEssential(t *testing.T) {
	for p, want := range map[string]bool{
		PurposeAnalytics: true, PurposeAdvertising: true, PurposeMarketing: true, PurposeSessionRecording: true,
		PurposeEssential: false, PurposeFunctional: false, PurposeUnknown: false, "": false,
	} {
		if got := NonEssential(p); got != want {
			t.Errorf("NonEssential(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestOpenCookieDatabase(t *testing.T) {
	table, err := ReadOpenCookieDBFile(ocdPath)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	if table.Rows < 2000 {
		t.Errorf("Rows = %d, want most of the 2264 rows", table.Rows)
	}
	db := New(table)
	tests := []struct {
		name, domain, purpose, source string
	}{
		// Built-in wins over the database.
		{"PHPSESSID", "example.org", PurposeEssential, SourceBuiltin},
		{"_ga", "example.org", PurposeAnalytics, SourceBuiltin},
		// Known only to the database.
		{"CookieConsentBulkTicket", "cookiebot.com", PurposeFunctional, SourceOCD},
		{"td", "www.googletagmanager.com", PurposeAnalytics, SourceOCD},
		// A database row limited to another domain does not apply.
		{"td", "example.org", PurposeUnknown, ""},
		// Short wildcard rows ("_s", "SR") are not used as prefixes.
		{"_session", "example.org", PurposeUnknown, ""},
		{"SRCHD_x", "example.org", PurposeUnknown, ""},
	}
	for _, tt := range tests {
		info, _ := db.Lookup(tt.name, tt.domain)
		if info.Purpose != tt.purpose || info.Source != tt.source {
			t.Errorf("Lookup(%q, %q) = %+v, want %s from %q", tt.name, tt.domain, info, tt.purpose, tt.source)
		}
	}
}

func TestReadOpenCookieDBRejectsOtherCSV(t *testing.T) {
	tests := map[string]string{
		"wrong header": "a,b,c,d,e,f,g,h,i,j\n",
		"too few":      "ID,Platform\n",
		"empty":        "",
	}
	for name, in := range tests {
		if _, err := ReadOpenCookieDB(strings.NewReader(in)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := ReadOpenCookieDBFile("testdata/does-not-exist.csv"); err == nil || !strings.Contains(err.Error(), "does-not-exist.csv") {
		t.Errorf("missing file: err = %v, want one naming the file", err)
	}
}

func TestReadOpenCookieDBRows(t *testing.T) {
	in := strings.Join(ocdColumns, ",") + "\n" +
		"1,Acme,Analytics,acme_id,,d,1y,Acme,,0\n" +
		"2,Acme,Marketing,acme_ad_,acme.example (3rd party),d,1y,Acme,,1\n" +
		"3,Other,Marketing,shared,,d,1y,Other,,0\n" +
		"4,Third,Functional,shared,,d,1y,Third,,0\n" +
		"5,Odd,Mystery,odd,,d,1y,Odd,,0\n"
	table, err := ReadOpenCookieDB(strings.NewReader(in))
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	if table.Rows != 4 {
		t.Errorf("Rows = %d, want 4 (unknown category skipped)", table.Rows)
	}
	db := New(table)
	check := func(name, domain, purpose, org string) {
		t.Helper()
		info, _ := db.Lookup(name, domain)
		if info.Purpose != purpose || info.Org != org {
			t.Errorf("Lookup(%q, %q) = %+v, want %s/%s", name, domain, info, purpose, org)
		}
	}
	check("acme_id", "site.example", PurposeAnalytics, "Acme")
	check("acme_ad_123", "x.acme.example", PurposeMarketing, "Acme")
	check("acme_ad_123", "site.example", PurposeUnknown, "")
	check("shared", "site.example", PurposeUnknown, "") // rows disagree
	check("odd", "site.example", PurposeUnknown, "")
}

func BenchmarkLookup(b *testing.B) {
	table, err := ReadOpenCookieDBFile(ocdPath)
	if err != nil {
		b.Fatal(err)
	}
	db := New(table)
	names := []string{"_ga", "unknown_cookie_name", "_hjSession_1", "CookieConsentBulkTicket"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		db.Lookup(names[i%len(names)], "example.org")
	}
}

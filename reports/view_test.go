package reports

import (
	"reflect"
	"testing"
	"time"

	"github.com/candor-audit/candor/internal/result"
)

func TestThirdParties(t *testing.T) {
	v := newView(loadFixture(t, "basic"))
	want := []party{
		{Name: "Facebook", Category: "advertising", Sites: []string{"facebook.com", "facebook.net"}, Requests: 2, Types: []string{"Image ×1", "Script ×1"}, Cookies: 1, Undisclosed: true},
		{Name: "Google Analytics", Category: "analytics", Sites: []string{"google-analytics.com", "googletagmanager.com"}, Requests: 3, Types: []string{"Ping ×2", "Script ×1"}, Broken: true},
		{Name: "JSDelivr CDN", Category: "cdn", Sites: []string{"jsdelivr.net"}, Requests: 1, Types: []string{"Script ×1"}},
	}
	if !reflect.DeepEqual(v.parties, want) {
		t.Errorf("parties:\n got %+v\nwant %+v", v.parties, want)
	}
	if len(v.broken) != 1 || len(v.undisclosed) != 1 || len(v.hygiene) != 3 || len(v.claims) != 4 {
		t.Errorf("split: %d broken, %d undisclosed, %d hygiene, %d claims", len(v.broken), len(v.undisclosed), len(v.hygiene), len(v.claims))
	}
}

func TestLifetime(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(d time.Duration) *time.Time { x := start.Add(d); return &x }
	tests := []struct {
		c    result.Cookie
		want string
	}{
		{result.Cookie{Session: true}, "session"},
		{result.Cookie{}, "session"},
		{result.Cookie{Expires: at(-time.Hour)}, "expired"},
		{result.Cookie{Expires: at(30 * time.Minute)}, "30 min"},
		{result.Cookie{Expires: at(24 * time.Hour)}, "24 h"},
		{result.Cookie{Expires: at(30 * 24 * time.Hour)}, "30 days"},
		{result.Cookie{Expires: at(400 * 24 * time.Hour)}, "13 months"},
		{result.Cookie{Expires: at(3 * 365 * 24 * time.Hour)}, "3.0 years"},
	}
	for _, tt := range tests {
		if got := lifetime(tt.c, start); got != tt.want {
			t.Errorf("lifetime(%v) = %q, want %q", tt.c.Expires, got, tt.want)
		}
	}
}

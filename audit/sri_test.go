package audit

import (
	"net/http"
	"testing"
	"time"
)

// TestSubresourceIntegrity records the integrity attribute a script tag
// declared on the request that loaded the script, and nothing on a script
// without one.
func TestSubresourceIntegrity(t *testing.T) {
	const sri = "sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC"
	env.site.Handle("sri.test", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		html(w, doc("SRI", `<script src="https://`+cdnHost+`/lib.js" integrity="`+sri+`" crossorigin="anonymous"></script>`+
			`<script src="https://`+cdnHost+`/plain.js"></script>`))
	}))
	r, err := scanFixture(t, "sri.test", ScanOptions{Pages: 1, Wait: 500 * time.Millisecond, Consent: ConsentOff})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, q := range r.Requests {
		got[q.URL] = q.Integrity
	}
	if v, ok := got["https://"+cdnHost+"/lib.js"]; !ok || v != sri {
		t.Errorf("lib.js integrity = %q (requested: %v), want %q", v, ok, sri)
	}
	if v, ok := got["https://"+cdnHost+"/plain.js"]; !ok || v != "" {
		t.Errorf("plain.js integrity = %q (requested: %v), want none", v, ok)
	}
}

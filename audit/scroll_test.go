package audit

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// stepLog records the steps of each "scrolled" debug line of a scan.
type stepLog struct {
	mu    sync.Mutex
	steps []int64
}

func (l *stepLog) Enabled(context.Context, slog.Level) bool { return true }

func (l *stepLog) Handle(_ context.Context, r slog.Record) error {
	if r.Message != "scrolled" {
		return nil
	}
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "steps" {
			l.mu.Lock()
			l.steps = append(l.steps, a.Value.Int64())
			l.mu.Unlock()
		}
		return true
	})
	return nil
}

func (l *stepLog) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *stepLog) WithGroup(string) slog.Handler      { return l }

// TestScrollSteps checks that a page is scrolled a viewport at a time
// exactly when something on it can react to scrolling, and that what
// reacts — at the middle of the page, not only at the bottom — is
// recorded; a page with nothing watching is scrolled in one jump.
func TestScrollSteps(t *testing.T) {
	// Twelve screens of text; a marker in the middle (screens 5–6) and one
	// at the bottom.
	tall := func(marker string) string {
		return `<div style="height:4000px">top</div><div id="mid" style="height:10px"></div>` +
			`<div style="height:5000px">more</div><div id="end" style="height:10px"></div>` + marker
	}
	pixel := func(name string) string { return "https://" + cdnHost + "/" + name + ".gif" }
	for _, tc := range []struct {
		name    string
		body    string
		want    []string // pixels the page requests only when scrolled past #mid or to #end
		stepped bool
	}{
		{
			name: "intersection observer",
			body: tall(`<script>
const io = new IntersectionObserver((es) => { for (const e of es) if (e.isIntersecting) { io.unobserve(e.target); new Image().src = "https://` + cdnHost + `/io-" + e.target.id + ".gif"; } });
io.observe(document.getElementById("mid")); io.observe(document.getElementById("end"));
</script>`),
			want:    []string{pixel("io-mid"), pixel("io-end")},
			stepped: true,
		},
		{
			name: "scroll listener",
			// Only a position in the middle band triggers it: a jump to the
			// bottom would never see it.
			body: tall(`<script>
let sent = false;
window.addEventListener("scroll", () => { if (!sent && scrollY > 3000 && scrollY < 5000) { sent = true; new Image().src = "` + pixel("listener-mid") + `"; } }, {passive: true});
</script>`),
			want:    []string{pixel("listener-mid")},
			stepped: true,
		},
		{
			name:    "onscroll in markup",
			body:    strings.Replace(tall(""), `<div`, `<div id="x"></div><script>document.body.setAttribute("onscroll", "if (scrollY > 3000 && scrollY < 5000 && !window.s) { window.s = 1; new Image().src = '`+pixel("onscroll-mid")+`'; }")</script><div`, 1),
			want:    []string{pixel("onscroll-mid")},
			stepped: true,
		},
		{
			name:    "nothing watches",
			body:    tall(`<img src="` + pixel("eager") + `" alt="">`),
			want:    []string{pixel("eager")},
			stepped: false,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			host := "scroll-" + strings.ReplaceAll(tc.name, " ", "-") + ".test"
			env.site.Handle(host, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/" {
					http.NotFound(w, r)
					return
				}
				html(w, doc(tc.name, tc.body))
			}))
			logs := &stepLog{}
			r, err := scanFixture(t, host, ScanOptions{Pages: 1, Consent: ConsentOff, Logger: slog.New(logs)})
			if err != nil {
				t.Fatalf("scan: %v (errors %v)", err, r.Errors)
			}
			got := map[string]bool{}
			for _, q := range r.Requests {
				got[q.URL] = true
			}
			for _, u := range tc.want {
				if !got[u] {
					t.Errorf("%s was not requested", u)
				}
			}
			logs.mu.Lock()
			defer logs.mu.Unlock()
			if len(logs.steps) != 1 {
				t.Fatalf("scrolled %d times, want once: %v", len(logs.steps), logs.steps)
			}
			if stepped := logs.steps[0] > 1; stepped != tc.stepped {
				t.Errorf("scrolled in %d steps; stepped = %v, want %v", logs.steps[0], stepped, tc.stepped)
			}
		})
	}
}

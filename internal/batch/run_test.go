package batch

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/candor-audit/candor/audit"
	"github.com/candor-audit/candor/internal/result"
)

func TestOutDirLayout(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	targets := append(sites(0, 3), "https://unreachable.test:8443/")
	var mu sync.Mutex
	hooked := map[string]string{}
	cfg := testConfig()
	cfg.OutDir = out
	cfg.Scan = func(ctx context.Context, b *audit.Browser, target string) (*result.Result, error) {
		// The pipeline writes its screenshot into the site's folder.
		if err := os.WriteFile(filepath.Join(SiteDir(out, target), "screenshot.png"), []byte("png"), 0o600); err != nil {
			return nil, err
		}
		return quickScan(ctx, b, target)
	}
	cfg.AfterScan = func(ctx context.Context, dir string, r *result.Result) error {
		mu.Lock()
		defer mu.Unlock()
		hooked[r.Target] = dir
		return os.WriteFile(filepath.Join(dir, "report.md"), []byte("# report\n"), 0o600)
	}
	sum, err := Run(context.Background(), cfg, targets)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Total != 4 || sum.OK != 3 || sum.Failed != 1 || len(sum.Sites) != 4 {
		t.Fatalf("summary counts = total %d ok %d failed %d rows %d; want 4 3 1 4", sum.Total, sum.OK, sum.Failed, len(sum.Sites))
	}
	for i, row := range sum.Sites {
		if row.Index != i || row.Target != targets[i] {
			t.Errorf("row %d = %d %s, want input order %s", i, row.Index, row.Target, targets[i])
		}
		dir := filepath.Join(out, DirName(targets[i]))
		if row.Dir != DirName(targets[i]) || hooked[targets[i]] != dir {
			t.Errorf("%s: row dir %q, AfterScan dir %q, want %q", targets[i], row.Dir, hooked[targets[i]], dir)
		}
		if _, err := os.Stat(filepath.Join(dir, "screenshot.png")); err != nil {
			t.Errorf("%s: the pipeline could not write into the site folder: %v", targets[i], err)
		}
		r, err := result.ReadFile(filepath.Join(dir, ResultFile))
		if err != nil {
			t.Errorf("%s: %v", targets[i], err)
			continue
		}
		if r.Target != targets[i] {
			t.Errorf("result.json of %s has target %s", targets[i], r.Target)
		}
		var saved Row
		data, _ := os.ReadFile(filepath.Join(dir, SiteFile))
		if err := json.Unmarshal(data, &saved); err != nil || saved.Status != row.Status {
			t.Errorf("%s: site.json = %s (%v), want status %s", targets[i], data, err, row.Status)
		}
	}
	ok := sum.Sites[0]
	if ok.Status != StatusOK || ok.Claims == nil || ok.Claims.Kept != 2 || ok.HygieneGrade != "B" || ok.FinalURL == "" {
		t.Errorf("ok row = %+v", ok)
	}
	if sum.Sites[1].ThirdParties != 1 || sum.Sites[2].ThirdParties != 2 {
		t.Errorf("third parties = %d, %d; want 1, 2 (site1 embeds tp0, site2 tp0+tp1)", sum.Sites[1].ThirdParties, sum.Sites[2].ThirdParties)
	}
	bad := sum.Sites[3]
	if bad.Status != StatusError || bad.Error == "" || bad.Claims != nil {
		t.Errorf("failed row = %+v", bad)
	}

	// Private modes: folders 0700, files 0600.
	filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		info, _ := d.Info()
		want := fs.FileMode(0o600)
		if d.IsDir() {
			want = 0o700
		}
		if path != out && info.Mode().Perm() != want {
			t.Errorf("%s mode %v, want %v", path, info.Mode().Perm(), want)
		}
		if strings.HasSuffix(path, ".tmp") {
			t.Errorf("temporary file left: %s", path)
		}
		return nil
	})

	var saved Summary
	data, err := os.ReadFile(filepath.Join(out, SummaryJSONFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &saved); err != nil || len(saved.Sites) != 4 || saved.OK != 3 {
		t.Errorf("summary.json = %+v, %v", saved, err)
	}
	md, err := os.ReadFile(filepath.Join(out, SummaryMDFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"4 sites: 3 ok, 1 failed", "| 1 | [https://site0.test/](" + DirName(targets[0]) + "/result.json) | ok | 2 | 1 | 0 | B | 0 |", "| 4 |", "| error |"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("summary.md lacks %q:\n%s", want, md)
		}
	}
}

// recordingWriter keeps every Write separately, to prove that each result
// arrives as exactly one whole line.
type recordingWriter struct {
	mu     sync.Mutex
	writes [][]byte
}

func (w *recordingWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.writes = append(w.writes, append([]byte(nil), p...))
	return len(p), nil
}

func TestJSONLUnderConcurrency(t *testing.T) {
	targets := sites(10, 18)
	w := &recordingWriter{}
	cfg := testConfig()
	cfg.Concurrency = 4
	cfg.JSONL = w
	if _, err := Run(context.Background(), cfg, targets); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, line := range w.writes {
		if bytes.Count(line, []byte("\n")) != 1 || line[len(line)-1] != '\n' {
			t.Fatalf("a write is not exactly one line: %.200q", line)
		}
		r, err := result.Decode(bytes.NewReader(line))
		if err != nil {
			t.Fatalf("line does not decode: %v", err)
		}
		got = append(got, r.Target)
	}
	slices.Sort(got)
	want := append([]string(nil), targets...)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("JSONL targets = %q, want %q", got, want)
	}
}

func TestResume(t *testing.T) {
	out := t.TempDir()
	cfg := testConfig()
	cfg.OutDir = out
	first := sites(20, 23)
	if _, err := Run(context.Background(), cfg, first); err != nil {
		t.Fatal(err)
	}
	// site21's result is cut short; site22 is marked failed: both must be
	// scanned again. site20 is complete and must be skipped.
	d21 := filepath.Join(out, DirName(first[1]))
	data, _ := os.ReadFile(filepath.Join(d21, ResultFile))
	os.WriteFile(filepath.Join(d21, ResultFile), data[:len(data)/2], 0o600)
	d22 := filepath.Join(out, DirName(first[2]))
	os.WriteFile(filepath.Join(d22, SiteFile), []byte(`{"status":"error"}`), 0o600)

	before := len(env.site.HitsFor("site20.test"))
	cfg.Resume = true
	all := sites(20, 24)
	sum, err := Run(context.Background(), cfg, all)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{StatusSkipped, StatusOK, StatusOK, StatusOK}
	for i, row := range sum.Sites {
		if row.Status != want[i] {
			t.Errorf("%s: status %s, want %s", row.Target, row.Status, want[i])
		}
	}
	if sum.Skipped != 1 || sum.OK != 3 {
		t.Errorf("skipped %d ok %d, want 1 and 3", sum.Skipped, sum.OK)
	}
	if sum.Sites[0].Claims == nil || sum.Sites[0].Claims.Kept != 2 {
		t.Errorf("skipped row lost its verdicts: %+v", sum.Sites[0])
	}
	if after := len(env.site.HitsFor("site20.test")); after != before {
		t.Errorf("site20 was fetched again (%d → %d hits) though complete", before, after)
	}
	if _, err := result.ReadFile(filepath.Join(d21, ResultFile)); err != nil {
		t.Errorf("site21 not rewritten: %v", err)
	}
}

func TestContextIsolation(t *testing.T) {
	targets := []string{"https://iso-a.test/", "https://iso-b.test/", "https://iso-a.test/?again", "https://iso-c.test/", "https://iso-d.test/", "https://iso-b.test/?again"}
	start := time.Now()
	cfg := testConfig()
	cfg.Concurrency = 3
	sum, err := Run(context.Background(), cfg, targets)
	if err != nil {
		t.Fatal(err)
	}
	if sum.OK != len(targets) {
		t.Fatalf("ok %d of %d: %+v", sum.OK, len(targets), sum.Sites)
	}
	control := 0
	for _, h := range env.site.HitsFor(trackerHost) {
		if h.Time.Before(start) {
			continue
		}
		site := queryValue(h.Path, "site")
		switch queryValue(h.Path, "n") {
		case "1": // the first request of a visit: a fresh context has no cookie
			if h.Cookie != "" {
				t.Errorf("visit of %s sent %q to the tracker: a cookie leaked from another site's context", site, h.Cookie)
			}
		case "2": // same visit, after the cookie was set
			if h.Cookie == "uid="+site {
				control++
			}
		}
	}
	if control == 0 {
		t.Error("no visit sent its own cookie back: the control failed, the test proves nothing")
	}
}

func queryValue(path, key string) string {
	_, q, _ := strings.Cut(path, "?")
	for _, kv := range strings.Split(q, "&") {
		if k, v, _ := strings.Cut(kv, "="); k == key {
			return v
		}
	}
	return ""
}

func TestHangingSiteDoesNotBlockOthers(t *testing.T) {
	targets := append([]string{"https://" + hangHost + "/"}, sites(24, 28)...)
	var order []string
	cfg := testConfig()
	cfg.Concurrency = 3 // one worker is held by the hanging site
	cfg.SiteTimeout = 20 * time.Second
	cfg.OnResult = func(r Row) { order = append(order, r.Target) }
	sum, err := Run(context.Background(), cfg, targets)
	if err != nil {
		t.Fatal(err)
	}
	hang := sum.Sites[0]
	if hang.Status != StatusError || !strings.Contains(hang.Error, "site timeout") {
		t.Errorf("hanging site row = %+v, want a site timeout error", hang)
	}
	if sum.OK != 4 {
		t.Errorf("ok = %d, want the 4 other sites", sum.OK)
	}
	if order[len(order)-1] != targets[0] {
		t.Errorf("completion order %q: the other sites waited for the hanging one", order)
	}
}

func TestBrowserCrashMidRun(t *testing.T) {
	var mu sync.Mutex
	var launched []*audit.Browser
	cfg := testConfig()
	cfg.Close = nil // Run owns these browsers
	cfg.Launch = func(ctx context.Context) (*audit.Browser, error) {
		b, err := ownLaunch(ctx)
		if err == nil {
			mu.Lock()
			launched = append(launched, b)
			mu.Unlock()
		}
		return b, err
	}
	go func() {
		<-env.fx.crashHit
		mu.Lock()
		b := launched[len(launched)-1]
		mu.Unlock()
		p, err := os.FindProcess(b.PID())
		if err == nil {
			p.Kill()
		}
	}()
	targets := []string{sites(30, 31)[0], "https://" + crashHost + "/", sites(31, 32)[0], sites(32, 33)[0], sites(33, 34)[0]}
	sum, err := Run(context.Background(), cfg, targets)
	if err != nil {
		t.Fatal(err)
	}
	if sum.OK != len(targets) {
		t.Errorf("ok %d of %d after the crash: %+v", sum.OK, len(targets), sum.Sites)
	}
	if crash := sum.Sites[1]; crash.Attempts != 2 {
		t.Errorf("the site under the crash had %d attempts, want 2 (retried once)", crash.Attempts)
	}
	if sum.Launches < 2 || sum.Restarts < 1 {
		t.Errorf("launches %d restarts %d, want a relaunch", sum.Launches, sum.Restarts)
	}
	for _, b := range launched {
		if b.PID() > 0 && processAlive(b.PID()) {
			t.Errorf("browser %d still running after Run", b.PID())
		}
	}
}

func TestRestartEvery(t *testing.T) {
	cfg := testConfig()
	cfg.Close = nil
	cfg.Launch = ownLaunch
	cfg.RestartEvery = 2
	sum, err := Run(context.Background(), cfg, sites(34, 39))
	if err != nil {
		t.Fatal(err)
	}
	if sum.OK != 5 || sum.Launches != 3 || sum.Restarts != 2 {
		t.Errorf("ok %d launches %d restarts %d, want 5, 3, 2", sum.OK, sum.Launches, sum.Restarts)
	}
}

func TestInterruptWritesWhatWasDone(t *testing.T) {
	out := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := testConfig()
	cfg.Concurrency = 1
	cfg.OutDir = out
	cfg.OnResult = func(Row) { cancel() }
	sum, err := Run(ctx, cfg, sites(39, 45))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want one wrapping context.Canceled", err)
	}
	if sum.NotRun == 0 || len(sum.Sites) == 0 || len(sum.Sites)+sum.NotRun != 6 {
		t.Errorf("rows %d not run %d, want some of each adding to 6", len(sum.Sites), sum.NotRun)
	}
	if _, err := os.Stat(filepath.Join(out, SummaryJSONFile)); err != nil {
		t.Errorf("no summary after an interrupted run: %v", err)
	}
}

func TestProgressOutput(t *testing.T) {
	fake := func(ctx context.Context, _ *audit.Browser, target string) (*result.Result, error) {
		r := result.New(target, "test")
		if strings.Contains(target, "bad") {
			return r, errors.New("boom")
		}
		return r, nil
	}
	targets := []string{"https://a.example/", "https://bad.example/", "https://c.example/"}
	tests := []struct {
		name       string
		tty, quiet bool
		want       []string
		lines      int // log lines expected (-1: don't count)
	}{
		{name: "log lines off a terminal", want: []string{"site done", "site failed", "boom", "n=3"}, lines: 3},
		{name: "bar on a terminal", tty: true, want: []string{"3/3", "sites", "1 failed"}, lines: -1},
		{name: "quiet", quiet: true, tty: true, lines: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			var jsonl bytes.Buffer
			cfg := Config{Launch: sharedLaunch, Close: sharedClose, Scan: fake, Concurrency: 2,
				Progress: &buf, ProgressTTY: tt.tty, Quiet: tt.quiet, JSONL: &jsonl}
			if _, err := Run(context.Background(), cfg, targets); err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(buf.String(), w) {
					t.Errorf("progress lacks %q:\n%s", w, buf.String())
				}
			}
			if tt.lines >= 0 {
				n := 0
				for sc := bufio.NewScanner(&buf); sc.Scan(); n++ {
				}
				if n != tt.lines {
					t.Errorf("%d lines of progress, want %d:\n%s", n, tt.lines, buf.String())
				}
			}
			if strings.Contains(buf.String(), `"schema_version"`) {
				t.Error("a result went to the progress stream")
			}
			if c := strings.Count(jsonl.String(), "\n"); c != 3 {
				t.Errorf("%d JSON lines, want 3", c)
			}
		})
	}
}

func TestRunErrors(t *testing.T) {
	noBrowser := func(ctx context.Context) (*audit.Browser, error) { return nil, errors.New("no chromium here") }
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"no launch", Config{Scan: quickScan}, "Launch and Config.Scan are required"},
		{"no scan", Config{Launch: sharedLaunch}, "required"},
		{"launch fails", Config{Launch: noBrowser, Scan: quickScan}, "no chromium here"},
		{"out dir is a file", Config{Launch: sharedLaunch, Close: sharedClose, Scan: quickScan, OutDir: "/dev/null/x"}, "create output folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Run(context.Background(), tt.cfg, sites(0, 1))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestScanPanicIsASiteError(t *testing.T) {
	cfg := Config{Launch: sharedLaunch, Close: sharedClose, Quiet: true, Scan: func(context.Context, *audit.Browser, string) (*result.Result, error) {
		panic("bad pipeline")
	}}
	sum, err := Run(context.Background(), cfg, sites(0, 2))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failed != 2 || !strings.Contains(sum.Sites[0].Error, "bad pipeline") {
		t.Errorf("summary = %+v", sum)
	}
}

// Package batch scans many sites with one browser: a bounded pool of
// workers shares a single Chromium (local or remote), and every site runs
// in its own isolated browser context through the caller's Scan function.
//
// What it adds around a single scan:
//
//   - a per-site timeout, so one hanging site never holds up the others;
//   - browser recovery: when the browser dies, or every RestartEvery sites,
//     it is relaunched and the affected site is retried once;
//   - an output folder with one sub-folder per site (result.json, plus what
//     the caller's AfterScan hook writes) and summary.json/summary.md
//     across sites, in input order;
//   - JSON Lines (one result a line, never interleaved) to any writer;
//   - --resume: sites already complete in the output folder are skipped;
//   - progress on stderr: a bar on a terminal, a log line per site
//     otherwise, nothing when quiet.
//
// Memory stays flat: a result is dropped once it is written; only a small
// Row per site is kept for the summary.
//
//	sum, err := batch.Run(ctx, batch.Config{
//		Launch: func(ctx context.Context) (*audit.Browser, error) { return audit.Launch(ctx, bopts) },
//		Scan: func(ctx context.Context, b *audit.Browser, target string) (*result.Result, error) {
//			return b.Scan(ctx, target, sopts) // plus policy and checks
//		},
//		OutDir: "out", JSONL: os.Stdout, Progress: os.Stderr, ProgressTTY: isTTY,
//	}, urls)
package batch

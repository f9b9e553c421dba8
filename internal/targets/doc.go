// Package targets turns what a user gives Candor — URLs on the command
// line, a list file (or stdin) and a sitemap — into the ordered list of
// sites to scan.
//
// Every URL is normalised with party.Normalize (a bare host becomes
// https://host/), duplicates are dropped after normalisation keeping the
// first occurrence, and a bad entry is reported as a Warning with its
// source and line number while the rest goes on. Shard splits the final
// list into n deterministic slices so that n processes with no coordinator
// each take one:
//
//	got, err := targets.Load(ctx, targets.Options{
//		Args: args, Input: "sites.txt", Stdin: os.Stdin,
//		Sitemap: "example.com", Limit: 500, Shard: "2/4",
//	})
//	for _, w := range got.Warnings { slog.Warn(w.String()) }
//	scan(got.URLs)
//
// Nothing here starts a browser; the sitemap is fetched with net/http.
package targets

package targets

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
)

// Options say where the targets come from and which of them to keep.
type Options struct {
	// Args are URLs given on the command line.
	Args []string
	// Input is a list file (-i/--input): one URL a line, '#' comments,
	// blank lines skipped; "-" reads Stdin.
	Input string
	// Stdin is read when Input is "-".
	Stdin io.Reader
	// Sitemap is a sitemap URL (--sitemap); a bare host means its
	// /sitemap.xml.
	Sitemap string
	// SitemapOptions bound the sitemap walk; its Limit is set from Limit.
	SitemapOptions SitemapOptions
	// Limit keeps the first Limit URLs of the whole list (before sharding,
	// so every shard agrees on the list); 0 keeps all.
	Limit int
	// Shard is "i/n" (--shard, 1-based) or "".
	Shard string
}

// Loaded is the outcome of Load.
type Loaded struct {
	// URLs are the normalised targets of this shard, in input order:
	// arguments first, then the list file, then the sitemap.
	URLs []string
	// Warnings are the entries that were skipped, each with its source and
	// line.
	Warnings []Warning
	// Duplicates counts entries dropped because an equal URL came earlier.
	Duplicates int
	// Total is the number of URLs before sharding.
	Total int
	// Shard is the parsed shard (zero when none was asked for).
	Shard Shard
}

// ErrNoTargets is wrapped by Load's error when no URL is left to scan.
var ErrNoTargets = errors.New("no sites to scan")

// Load gathers the targets from Args, Input and Sitemap, normalises them,
// drops duplicates, applies Limit and then Shard. Bad entries are
// warnings; the error is for options that cannot work (a bad --shard, an
// unreadable file, an unreachable sitemap) or an empty result.
func Load(ctx context.Context, o Options) (Loaded, error) {
	shard, err := ParseShard(o.Shard)
	if err != nil {
		return Loaded{}, err
	}
	if o.Limit < 0 {
		return Loaded{}, fmt.Errorf("--limit %d: must be 0 (no limit) or more", o.Limit)
	}
	var s Set
	for i, a := range o.Args {
		s.Add("argument", i+1, a)
	}
	if o.Input != "" {
		if err := readInput(&s, o.Input, o.Stdin); err != nil {
			return Loaded{}, err
		}
	}
	if o.Sitemap != "" {
		so := o.SitemapOptions
		so.Limit = o.Limit
		if err := ReadSitemap(ctx, &s, o.Sitemap, so); err != nil {
			return Loaded{}, fmt.Errorf("--sitemap %s: %w", o.Sitemap, err)
		}
	}
	urls := s.URLs()
	if o.Limit > 0 && len(urls) > o.Limit {
		urls = urls[:o.Limit]
	}
	out := Loaded{Warnings: s.Warnings(), Duplicates: s.Duplicates(), Total: len(urls), Shard: shard}
	out.URLs = shard.Select(urls)
	if out.Total == 0 {
		return out, fmt.Errorf("%w: give URLs as arguments, with -i FILE (one a line) or with --sitemap URL", ErrNoTargets)
	}
	return out, nil
}

// readInput reads the list file name, or stdin for "-".
func readInput(s *Set, name string, stdin io.Reader) error {
	if name == "-" {
		if stdin == nil {
			return fmt.Errorf("-i -: no standard input to read")
		}
		return ReadList(s, "stdin", stdin)
	}
	f, err := os.Open(name)
	if err != nil {
		return fmt.Errorf("-i %s: %w", name, err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return fmt.Errorf("-i %s: is a folder; give a text file with one URL a line", name)
	}
	return ReadList(s, name, f)
}

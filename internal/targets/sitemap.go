package targets

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/candor-audit/candor/internal/party"
)

// Limits of a sitemap walk. The per-file caps are those of the sitemaps
// protocol (50 MB uncompressed, 50,000 URLs a file).
const (
	DefaultSitemapBytes = 50 << 20
	DefaultMaxSitemaps  = 1000
	DefaultSitemapDepth = 4
	sitemapFetchTimeout = 60 * time.Second
)

// SitemapOptions bound a sitemap walk.
type SitemapOptions struct {
	// Client fetches the sitemaps; nil means a client with a one-minute
	// timeout.
	Client *http.Client
	// Limit stops the walk once the set holds this many URLs; 0 means no
	// limit.
	Limit int
	// MaxBytes caps one sitemap file after decompression; 0 means 50 MiB.
	MaxBytes int64
	// MaxSitemaps caps the number of sitemap files fetched; 0 means 1,000.
	MaxSitemaps int
	// MaxDepth caps the nesting of sitemap indexes; 0 means 4.
	MaxDepth int
}

func (o SitemapOptions) withDefaults() SitemapOptions {
	if o.Client == nil {
		o.Client = &http.Client{Timeout: sitemapFetchTimeout}
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultSitemapBytes
	}
	if o.MaxSitemaps <= 0 {
		o.MaxSitemaps = DefaultMaxSitemaps
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = DefaultSitemapDepth
	}
	return o
}

// errTooBig ends the reading of a sitemap over MaxBytes.
var errTooBig = errors.New("sitemap too large")

// SitemapURL turns what the user gave --sitemap into the sitemap's URL: a
// bare host or a site's root ("example.com", "https://example.com/")
// means its /sitemap.xml.
func SitemapURL(raw string) (string, error) {
	u, err := party.Normalize(raw)
	if err != nil {
		return "", fmt.Errorf("--sitemap: %w", err)
	}
	if strings.HasSuffix(u, "://"+hostOf(u)+"/") {
		u += "sitemap.xml"
	}
	return u, nil
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Host
}

// sitemapWalk is the state of one ReadSitemap.
type sitemapWalk struct {
	opts    SitemapOptions
	set     *Set
	visited map[string]bool
	fetched int
}

// ReadSitemap adds the page URLs of the sitemap at sitemapURL to s,
// following nested sitemap indexes in document order. Gzip-compressed
// sitemaps and plain-text sitemaps (one URL a line) are read too. A bad
// entry, a broken or oversized nested sitemap, or broken XML are warnings
// (URLs read before the break are kept); the error is for a root sitemap
// that cannot be fetched at all.
func ReadSitemap(ctx context.Context, s *Set, sitemapURL string, opts SitemapOptions) error {
	root, err := SitemapURL(sitemapURL)
	if err != nil {
		return err
	}
	w := &sitemapWalk{opts: opts.withDefaults(), set: s, visited: map[string]bool{}}
	return w.walk(ctx, root, 0, true)
}

func (w *sitemapWalk) full() bool { return w.opts.Limit > 0 && w.set.Len() >= w.opts.Limit }

// walk reads one sitemap file and the sitemaps it lists.
func (w *sitemapWalk) walk(ctx context.Context, smURL string, depth int, root bool) error {
	if w.visited[smURL] || w.full() {
		return nil
	}
	w.visited[smURL] = true
	if w.fetched >= w.opts.MaxSitemaps {
		w.set.Warn(Warning{Source: smURL, Input: smURL, Err: fmt.Errorf("skipped: more than %d sitemaps", w.opts.MaxSitemaps)})
		return nil
	}
	w.fetched++
	children, err := w.fetch(ctx, smURL)
	if err != nil {
		if root || ctx.Err() != nil {
			return err
		}
		w.set.Warn(Warning{Source: smURL, Input: smURL, Err: err})
		return nil
	}
	for _, c := range children {
		if w.full() {
			return nil
		}
		if depth+1 > w.opts.MaxDepth {
			w.set.Warn(Warning{Source: smURL, Line: c.line, Input: c.loc, Err: fmt.Errorf("skipped nested sitemap: indexes nested deeper than %d", w.opts.MaxDepth)})
			continue
		}
		if err := w.walk(ctx, c.loc, depth+1, false); err != nil {
			return err
		}
	}
	return nil
}

// child is a nested sitemap listed by an index.
type child struct {
	loc  string
	line int
}

// fetch downloads one sitemap and parses it, adding its pages to the set.
func (w *sitemapWalk) fetch(ctx context.Context, smURL string) ([]child, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, smURL, nil)
	if err != nil {
		return nil, fmt.Errorf("sitemap %s: %w", smURL, err)
	}
	req.Header.Set("User-Agent", "candor (sitemap reader)")
	resp, err := w.opts.Client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("sitemap %s: %w", smURL, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("sitemap %s: HTTP %s", smURL, resp.Status)
	}
	body, err := w.decompress(smURL, resp.Body)
	if err != nil {
		return nil, err
	}
	return w.parse(smURL, body), nil
}

// decompress returns the sitemap text, gunzipped when the body is gzip
// (by its magic bytes, whatever the headers say), capped at MaxBytes.
func (w *sitemapWalk) decompress(smURL string, body io.Reader) (io.Reader, error) {
	br := bufio.NewReader(io.LimitReader(body, w.opts.MaxBytes+1))
	var r io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("sitemap %s: bad gzip: %w", smURL, err)
		}
		r = zr
	}
	return &capReader{r: r, left: w.opts.MaxBytes}, nil
}

// capReader fails with errTooBig once more than left bytes were read.
type capReader struct {
	r    io.Reader
	left int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.left < 0 {
		return 0, errTooBig
	}
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		return n - int(-c.left), errTooBig
	}
	return n, err
}

// parse reads a sitemap (XML urlset or sitemapindex, or a text list),
// adds its pages to the set and returns the sitemaps it lists. Problems
// become warnings.
func (w *sitemapWalk) parse(smURL string, body io.Reader) []child {
	br := bufio.NewReader(body)
	head, _ := br.Peek(512)
	if t := bytes.TrimLeft(head, " \t\r\n\ufeff"); len(t) > 0 && t[0] != '<' {
		if err := ReadList(w.set, smURL, br); err != nil {
			w.sitemapError(smURL, 0, err)
		}
		return nil
	}
	d := xml.NewDecoder(br)
	var (
		stack    []string
		text     strings.Builder
		inLoc    bool
		locLine  int
		children []child
		rootSeen bool
	)
	for !w.full() {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			if !rootSeen {
				w.sitemapError(smURL, 0, errors.New("empty document: not a sitemap"))
			}
			return children
		}
		if err != nil {
			line, _ := d.InputPos()
			w.sitemapError(smURL, line, err)
			return children
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			if !rootSeen {
				rootSeen = true
				if name != "urlset" && name != "sitemapindex" {
					w.sitemapError(smURL, 0, fmt.Errorf("root element <%s>: not a sitemap (want <urlset> or <sitemapindex>)", name))
					return nil
				}
			}
			stack = append(stack, name)
			if name == "loc" {
				inLoc = true
				locLine, _ = d.InputPos()
				text.Reset()
			}
		case xml.CharData:
			if inLoc && text.Len() < maxLineBytes {
				text.Write(t)
			}
		case xml.EndElement:
			if len(stack) == 0 {
				continue
			}
			parent := ""
			if len(stack) >= 2 {
				parent = stack[len(stack)-2]
			}
			if stack[len(stack)-1] == "loc" && inLoc {
				inLoc = false
				loc := strings.TrimSpace(text.String())
				switch parent {
				case "url":
					w.set.Add(smURL, locLine, loc)
				case "sitemap":
					u, err := party.Normalize(loc)
					if err != nil {
						w.set.Warn(Warning{Source: smURL, Line: locLine, Input: loc, Err: err})
					} else {
						children = append(children, child{loc: u, line: locLine})
					}
				}
			}
			stack = stack[:len(stack)-1]
		}
	}
	return children
}

// sitemapError records a sitemap that could not be read to its end.
func (w *sitemapWalk) sitemapError(smURL string, line int, err error) {
	if errors.Is(err, errTooBig) {
		err = fmt.Errorf("sitemap larger than %d bytes: read up to the cap", w.opts.MaxBytes)
	} else {
		err = fmt.Errorf("broken sitemap: %w", err)
	}
	w.set.Warn(Warning{Source: smURL, Line: line, Err: err})
}

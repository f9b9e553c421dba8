package policy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// FetchOptions tune Fetch; the zero value is usable.
type FetchOptions struct {
	// Client is the HTTP client to use; nil means a plain client with
	// Timeout. Redirects are followed (at most 10).
	Client *http.Client
	// Timeout bounds the whole fetch; 0 means 30 seconds.
	Timeout time.Duration
	// MaxBytes caps the body; 0 means MaxBytes.
	MaxBytes int64
	// UserAgent is sent when not empty.
	UserAgent string
}

// Fetch downloads a policy from rawURL with an ordinary HTTP client and
// returns it as a Source for Read. It refuses non-2xx answers, bodies over
// the size cap, and content that is neither HTML nor text.
func Fetch(ctx context.Context, rawURL string, opts FetchOptions) (Source, error) {
	fail := func(err error) (Source, error) { return Source{}, fmt.Errorf("fetch policy %s: %w", rawURL, err) }
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fail(errors.New("not an http(s) URL"))
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	limit := opts.MaxBytes
	if limit <= 0 {
		limit = MaxBytes
	}
	client := opts.Client
	if client == nil {
		client = &http.Client{}
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return fail(err)
	}
	req.Header.Set("Accept", "text/html,application/xhtml+xml,text/plain;q=0.9,text/markdown;q=0.9,*/*;q=0.1")
	if opts.UserAgent != "" {
		req.Header.Set("User-Agent", opts.UserAgent)
	}
	resp, err := client.Do(req)
	if err != nil {
		return fail(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fail(fmt.Errorf("the server answered %s", resp.Status))
	}
	ct := resp.Header.Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(ct); ct != "" && err == nil && !acceptedType(mt) {
		if mt == "application/pdf" {
			return fail(ErrPDF)
		}
		return fail(fmt.Errorf("the content type is %s, not HTML or text", mt))
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return fail(err)
	}
	if int64(len(data)) > limit {
		return fail(fmt.Errorf("the policy is larger than %d bytes, the limit", limit))
	}
	return Source{Name: rawURL, URL: resp.Request.URL.String(), Data: data, ContentType: ct}, nil
}

func acceptedType(mt string) bool {
	return strings.HasPrefix(mt, "text/") || mt == "application/xhtml+xml" || mt == "application/xml"
}

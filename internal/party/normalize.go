package party

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"unicode"

	"golang.org/x/net/idna"
)

// ErrBadTarget is wrapped by every error of Normalize, so callers can tell
// a target the user must fix from a failure of the scan itself.
var ErrBadTarget = errors.New("bad target")

// Normalize turns what a user typed into the URL to scan. A bare host
// ("example.com", "example.com/shop") means https. Only http and https are
// accepted; file:, javascript:, data: and other schemes, URLs with user
// info, empty or malformed hosts are refused with an error that names the
// input. International host names are converted to their ASCII (punycode)
// form; the fragment is dropped and an empty path becomes "/".
func Normalize(raw string) (string, error) {
	in := strings.TrimSpace(raw)
	if in == "" {
		return "", fmt.Errorf("%w: empty URL: give a site such as example.com or https://example.com/", ErrBadTarget)
	}
	for _, r := range in {
		if unicode.IsControl(r) || r == ' ' {
			return "", fmt.Errorf("%w: %q contains spaces or control characters", ErrBadTarget, raw)
		}
	}
	if scheme, _, ok := strings.Cut(in, ":"); ok && isScheme(scheme) && !looksLikeHostPort(in) {
		switch strings.ToLower(scheme) {
		case "http", "https":
		default:
			return "", fmt.Errorf("%w: %q: unsupported scheme %q (want http or https)", ErrBadTarget, raw, strings.ToLower(scheme))
		}
		if !strings.Contains(in, "://") {
			return "", fmt.Errorf("%w: %q: malformed URL (want %s://host/)", ErrBadTarget, raw, strings.ToLower(scheme))
		}
	} else {
		in = "https://" + in
	}
	u, err := url.Parse(in)
	if err != nil {
		return "", fmt.Errorf("%w: %q: malformed URL: %v", ErrBadTarget, raw, unwrapURLError(err))
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.User != nil {
		return "", fmt.Errorf("%w: %q: URLs with a user name or password are not supported", ErrBadTarget, raw)
	}
	host := u.Hostname()
	if host == "" {
		return "", fmt.Errorf("%w: %q: no host name", ErrBadTarget, raw)
	}
	if port := u.Port(); port != "" {
		if !allDigits(port) || len(port) > 5 {
			return "", fmt.Errorf("%w: %q: bad port %q", ErrBadTarget, raw, port)
		}
	}
	asciiHost, err := asciiHost(host)
	if err != nil {
		return "", fmt.Errorf("%w: %q: bad host name %q: %v", ErrBadTarget, raw, host, err)
	}
	if strings.Contains(asciiHost, ":") { // IPv6 literal
		asciiHost = "[" + asciiHost + "]"
	}
	if p := u.Port(); p != "" {
		asciiHost += ":" + p
	}
	u.Host = asciiHost
	u.Fragment = ""
	u.RawFragment = ""
	if u.Path == "" {
		u.Path = "/"
		u.RawPath = ""
	}
	return u.String(), nil
}

// isScheme reports whether s has the syntax of a URL scheme.
func isScheme(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case i > 0 && (r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.'):
		default:
			return false
		}
	}
	return true
}

// looksLikeHostPort reports whether s is "host:port[/…]" rather than
// "scheme:…", as in "localhost:8080".
func looksLikeHostPort(s string) bool {
	_, rest, _ := strings.Cut(s, ":")
	port := rest
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		port = rest[:i]
	}
	return port != "" && allDigits(port)
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// asciiHost validates host and returns its ASCII form.
func asciiHost(host string) (string, error) {
	if ip := net.ParseIP(host); ip != nil {
		return ip.String(), nil
	}
	h := strings.TrimSuffix(strings.ToLower(host), ".")
	a, err := idna.Lookup.ToASCII(h)
	if err != nil {
		return "", err
	}
	if a == "" {
		return "", errors.New("empty")
	}
	for _, label := range strings.Split(a, ".") {
		if label == "" || len(label) > 63 {
			return "", errors.New("empty or over-long label")
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
				return "", fmt.Errorf("character %q not allowed", r)
			}
		}
	}
	return a, nil
}

func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

package audit

import (
	"fmt"
	"strings"
)

// ScanError is a scan that could not do its job: the landing page did not
// load, answered with an error status, or the scan ran out of time. The
// result returned with it holds what was gathered.
type ScanError struct {
	URL   string // the URL that failed
	Cause string // one line for a person, e.g. "connection refused (net::ERR_CONNECTION_REFUSED)"
	Err   error  // the underlying error, if any
}

// Error returns "scan URL: cause" on one line.
func (e *ScanError) Error() string { return fmt.Sprintf("scan %s: %s", e.URL, e.Cause) }

// Unwrap returns the underlying error.
func (e *ScanError) Unwrap() error { return e.Err }

// loadCauses explains Chromium's network error codes in words.
var loadCauses = []struct{ code, cause string }{
	{"ERR_NAME_NOT_RESOLVED", "cannot resolve the host name"},
	{"ERR_NAME_RESOLUTION_FAILED", "cannot resolve the host name"},
	{"ERR_CONNECTION_REFUSED", "connection refused"},
	{"ERR_CONNECTION_RESET", "connection reset by the server"},
	{"ERR_CONNECTION_CLOSED", "the server closed the connection"},
	{"ERR_EMPTY_RESPONSE", "the server closed the connection without a response"},
	{"ERR_CONNECTION_TIMED_OUT", "connection timed out"},
	{"ERR_TIMED_OUT", "the server did not answer in time"},
	{"ERR_ADDRESS_UNREACHABLE", "address unreachable"},
	{"ERR_TOO_MANY_REDIRECTS", "too many redirects: a redirect loop or a chain of more than 20 hops"},
	{"ERR_INVALID_REDIRECT", "invalid redirect"},
	{"ERR_UNSAFE_REDIRECT", "redirect to an unsafe URL"},
	{"ERR_CERT_DATE_INVALID", "the site's TLS certificate has expired or is not valid yet; use --insecure to scan anyway"},
	{"ERR_CERT_COMMON_NAME_INVALID", "the site's TLS certificate is for another host name; use --insecure to scan anyway"},
	{"ERR_CERT_AUTHORITY_INVALID", "the site's TLS certificate is not signed by an authority the browser trusts (self-signed or a private authority); use --insecure to scan anyway"},
	{"ERR_CERT_", "TLS certificate error; use --insecure to scan anyway"},
	{"ERR_SSL_", "TLS failure"},
	{"ERR_BAD_SSL_CLIENT_AUTH_CERT", "TLS failure: the server wants a client certificate"},
	{"ERR_ABORTED", "the load was aborted (a download or a page that cancelled itself)"},
	{"ERR_INVALID_RESPONSE", "invalid response"},
	{"ERR_BLOCKED_BY_RESPONSE", "blocked by the response"},
	{"ERR_INTERNET_DISCONNECTED", "no network connection"},
}

// describeLoadError turns a browser error text such as
// "net::ERR_CONNECTION_REFUSED" into a cause a person understands.
func describeLoadError(text string) string {
	t := strings.TrimSpace(text)
	for _, c := range loadCauses {
		if strings.Contains(t, c.code) {
			return c.cause + " (" + t + ")"
		}
	}
	if t == "" {
		return "the page did not load"
	}
	return t
}

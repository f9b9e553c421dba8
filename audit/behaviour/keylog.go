package behaviour

import (
	"crypto/md5"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"

	"github.com/candor-audit/candor/internal/result"
)

// The encodings FindLeak names.
const (
	EncPlain      = "plain"
	EncURL        = "url-encoded"
	EncBase64     = "base64"
	EncBase64URL  = "base64url"
	EncMD5        = "md5"
	EncSHA1       = "sha1"
	EncSHA256     = "sha256"
	canaryDomain  = "example.com"
	canaryLetters = "abcdefghijklmnopqrstuvwxyz234567"
)

// canaryEncoding is lower-case base32, so a canary has no character that a
// site would normalise (trim, lower-case) before hashing an e-mail address.
var canaryEncoding = base32.NewEncoding(canaryLetters).WithPadding(base32.NoPadding)

// Canary returns a fresh, unique, lower-case e-mail address to type into
// form fields, e.g. "candor.k2m4q7x9zt3a@example.com". Its random part is 60
// bits, so a match in a request cannot be chance.
func Canary() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return "candor." + canaryEncoding.EncodeToString(b[:])[:12] + "@" + canaryDomain
}

// needle is one encoded form of a canary.
type needle struct {
	encoding string
	text     string
	fold     bool // compare case-insensitively (hex digests)
}

// needles returns every form FindLeak looks for, plainest first. Base64 is
// taken at the three byte alignments the canary can have inside a longer
// encoded payload, keeping only the characters the canary alone decides.
func needles(canary string) []needle {
	out := []needle{
		{EncPlain, canary, false},
		{EncURL, url.QueryEscape(canary), false},
	}
	if pe := url.PathEscape(canary); pe != canary && pe != out[1].text {
		out = append(out, needle{EncURL, pe, false})
	}
	for shift := range 3 {
		data := append(make([]byte, shift), canary...)
		start := (shift*8 + 5) / 6
		end := len(data) * 8 / 6
		if end-start < 8 {
			continue
		}
		std := base64.RawStdEncoding.EncodeToString(data)[start:end]
		out = append(out, needle{EncBase64, std, false})
		if u := base64.RawURLEncoding.EncodeToString(data)[start:end]; u != std {
			out = append(out, needle{EncBase64URL, u, false})
		}
	}
	m := md5.Sum([]byte(canary))
	s1 := sha1.Sum([]byte(canary))
	s256 := sha256.Sum256([]byte(canary))
	return append(out,
		needle{EncMD5, hex.EncodeToString(m[:]), true},
		needle{EncSHA1, hex.EncodeToString(s1[:]), true},
		needle{EncSHA256, hex.EncodeToString(s256[:]), true},
	)
}

// Encodings returns the strings FindLeak searches for: the canary plain,
// URL-encoded, in base64 (standard and URL alphabets, at each byte
// alignment, trimmed to the characters the canary alone decides) and as
// hex MD5, SHA-1 and SHA-256 digests.
func Encodings(canary string) []string {
	ns := needles(canary)
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.text
	}
	return out
}

// FindLeak looks for the canary in a request URL and body, in every form
// Encodings lists, first as sent and then URL-decoded. It returns the name
// of the first encoding found (plain, url-encoded, base64, base64url, md5,
// sha1, sha256); the plain canary found only after decoding counts as
// url-encoded. Whether the receiver is a third party is the caller's call.
func FindLeak(canary string, requestURL, postData string) (encoding string, ok bool) {
	if canary == "" {
		return "", false
	}
	ns := needles(canary)
	raw := requestURL + "\n" + postData
	if enc, ok := search(ns, raw); ok {
		return enc, true
	}
	dec := unescape(raw)
	if dec == raw {
		return "", false
	}
	enc, ok := search(ns, dec)
	if enc == EncPlain {
		enc = EncURL
	}
	return enc, ok
}

// search returns the encoding of the first needle in hay.
func search(ns []needle, hay string) (string, bool) {
	lower := strings.ToLower(hay)
	for _, n := range ns {
		if strings.Contains(hay, n.text) || (n.fold && strings.Contains(lower, n.text)) {
			return n.encoding, true
		}
	}
	return "", false
}

// unescape URL-decodes s, leaving it as it is when it is not valid.
func unescape(s string) string {
	if d, err := url.QueryUnescape(s); err == nil {
		return d
	}
	return s
}

// LeakBehaviour describes the canary found in req as a key-logging
// behaviour, for a request sent after the canary was typed but not
// submitted.
func LeakBehaviour(req result.Request, encoding string) result.Behaviour {
	return result.Behaviour{
		Kind: KindKeyLog, Script: req.Initiator, Host: req.Host, Party: req.Party, Org: req.Org,
		Page: req.Page, Frame: req.FrameURL, Phase: req.Phase,
		Detail: fmt.Sprintf("typed text (not submitted) sent %s to %s", encoding, req.URL),
	}
}

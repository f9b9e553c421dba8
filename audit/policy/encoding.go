package policy

import (
	"bytes"
	"fmt"
	"mime"
	"strings"
	"unicode/utf8"

	"github.com/gogs/chardet"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
)

// toUTF8 returns data as UTF-8 text and the name of the encoding it was
// read as. The order: a byte order mark, then the charset the content type
// declares, then (for HTML) a <meta charset>, then valid UTF-8 as is, then
// statistical detection, with windows-1252 as the last resort.
func toUTF8(data []byte, contentType string, isHTML bool) (string, string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xef, 0xbb, 0xbf}):
		return validString(data[3:]), "utf-8", nil
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}):
		return decodeWith(unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), data[2:], "utf-16le")
	case bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		return decodeWith(unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), data[2:], "utf-16be")
	}
	if e, name := utf16Guess(data); e != nil {
		return decodeWith(e, data, name)
	}
	if name := declaredCharset(contentType); name != "" {
		if e, err := htmlindex.Get(name); err == nil {
			canon, _ := htmlindex.Name(e)
			if canon == "utf-8" {
				return validString(data), "utf-8", nil
			}
			return decodeWith(e, data, canon)
		}
	}
	if isHTML {
		if e, name, certain := charset.DetermineEncoding(data, ""); certain && name != "utf-8" {
			return decodeWith(e, data, name)
		}
	}
	if utf8.Valid(data) {
		return string(data), "utf-8", nil
	}
	if e, name := detectCharset(data); e != nil {
		return decodeWith(e, data, name)
	}
	return decodeWith(charmap.Windows1252, data, "windows-1252")
}

// declaredCharset is the charset parameter of a content type, or "".
func declaredCharset(contentType string) string {
	if contentType == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return strings.ToLower(strings.TrimSpace(params["charset"]))
}

// utf16Guess recognises UTF-16 without a byte order mark by its pattern of
// NUL bytes in every other position of ASCII-heavy text.
func utf16Guess(data []byte) (encoding.Encoding, string) {
	n := len(data)
	if n > 4096 {
		n = 4096
	}
	if n < 8 {
		return nil, ""
	}
	var evenNUL, oddNUL int
	for i := 0; i+1 < n; i += 2 {
		if data[i] == 0 {
			evenNUL++
		}
		if data[i+1] == 0 {
			oddNUL++
		}
	}
	pairs := n / 2
	switch {
	case oddNUL*10 > pairs*7 && evenNUL*10 < pairs:
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "utf-16le"
	case evenNUL*10 > pairs*7 && oddNUL*10 < pairs:
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "utf-16be"
	}
	return nil, ""
}

// detectCharset guesses a legacy encoding from the first 64 KiB.
func detectCharset(data []byte) (encoding.Encoding, string) {
	sample := data
	if len(sample) > 64<<10 {
		sample = sample[:64<<10]
	}
	res, err := chardet.NewTextDetector().DetectBest(sample)
	if err != nil || res == nil || res.Confidence < 30 {
		return nil, ""
	}
	e, err := htmlindex.Get(res.Charset)
	if err != nil {
		return nil, ""
	}
	name, _ := htmlindex.Name(e)
	if name == "utf-8" {
		return nil, ""
	}
	return e, name
}

func decodeWith(e encoding.Encoding, data []byte, name string) (string, string, error) {
	out, err := e.NewDecoder().Bytes(data)
	if err != nil {
		return "", name, fmt.Errorf("decode as %s: %w", name, err)
	}
	return validString(out), name, nil
}

// validString returns b as a string with invalid UTF-8 replaced by U+FFFD.
func validString(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

package result

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// New returns an empty result for target with every list non-nil, so the
// JSON shows [] rather than null for what was looked for and not found.
func New(target, toolVersion string) *Result {
	r := &Result{SchemaVersion: SchemaVersion, Tool: Tool{Name: "candor", Version: toolVersion}, Target: target}
	r.Normalize()
	return r
}

// Normalize replaces nil lists and maps with empty ones.
func (r *Result) Normalize() {
	if r.Pages == nil {
		r.Pages = []Page{}
	}
	if r.Requests == nil {
		r.Requests = []Request{}
	}
	if r.Cookies == nil {
		r.Cookies = []Cookie{}
	}
	if r.Storage == nil {
		r.Storage = []StorageItem{}
	}
	if r.Security.Headers == nil {
		r.Security.Headers = map[string]string{}
	}
	if r.Security.MixedContent == nil {
		r.Security.MixedContent = []MixedContent{}
	}
	if r.Policy.Claims == nil {
		r.Policy.Claims = []Claim{}
	}
	if r.Findings == nil {
		r.Findings = []Finding{}
	}
	for i := range r.Findings {
		if r.Findings[i].Evidence == nil {
			r.Findings[i].Evidence = []Evidence{}
		}
	}
	if r.Errors == nil {
		r.Errors = []Error{}
	}
}

// AddError records that stage failed.
func (r *Result) AddError(stage, url string, err error) {
	r.Errors = append(r.Errors, Error{Stage: stage, URL: url, Message: err.Error()})
}

// Decode reads a result and refuses one whose major schema version this
// build does not know.
func Decode(rd io.Reader) (*Result, error) {
	var r Result
	dec := json.NewDecoder(rd)
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("decode result: %w", err)
	}
	if r.SchemaVersion == "" {
		return nil, fmt.Errorf("decode result: no schema_version: not a Candor result")
	}
	if major(r.SchemaVersion) != major(SchemaVersion) {
		return nil, fmt.Errorf("decode result: schema_version %s is not supported by this build (reads %s.x)", r.SchemaVersion, major(SchemaVersion))
	}
	r.Normalize()
	return &r, nil
}

// ReadFile loads a saved result.
func ReadFile(path string) (*Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read result %s: %w", path, err)
	}
	defer f.Close()
	r, err := Decode(f)
	if err != nil {
		return nil, fmt.Errorf("read result %s: %w", path, err)
	}
	return r, nil
}

// Encode writes r as indented JSON.
func Encode(w io.Writer, r *Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("encode result: %w", err)
	}
	return nil
}

// WriteFileAtomic writes data to path through a private temporary file in the
// same folder and a rename, so an interrupted run never leaves a truncated
// file behind.
func WriteFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	name := tmp.Name()
	defer os.Remove(name) // no-op after a successful rename
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(name, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func major(v string) string {
	m, _, _ := strings.Cut(v, ".")
	return m
}

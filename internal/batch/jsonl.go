package batch

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sync"

	"github.com/candor-audit/candor/internal/result"
)

// lineWriter writes one result a line. Each line is encoded first and
// handed to the writer in a single Write under a lock, so lines from
// concurrent workers never interleave.
type lineWriter struct {
	mu sync.Mutex
	w  io.Writer
}

// write appends r as one line of compact JSON.
func (l *lineWriter) write(r *result.Result) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil { // Encode ends the line with '\n'
		return fmt.Errorf("encode result of %s: %w", r.Target, err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, err := l.w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write JSON lines: %w", err)
	}
	return nil
}

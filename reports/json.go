package reports

import (
	"io"

	"github.com/candor-audit/candor/internal/result"
)

// jsonWriter writes the result itself, exactly as a scan saves it, so
// `candor report -f json` round-trips.
type jsonWriter struct{}

func (jsonWriter) Write(w io.Writer, r *result.Result) error { return result.Encode(w, r) }

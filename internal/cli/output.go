package cli

import (
	"bytes"
	"fmt"
	"io"

	"github.com/candor-audit/candor/internal/result"
)

// writeResult renders r in format to w. Formats beyond json arrive with the
// reports package.
func writeResult(w io.Writer, format string, r *result.Result) error {
	switch format {
	case "json":
		return result.Encode(w, r)
	default:
		return usageError("unknown format %q (want json)", format)
	}
}

// emit writes r in format to path (atomically, mode 0600) or, when path is
// empty or "-", to out.
func emit(out io.Writer, path, format string, r *result.Result) error {
	if path == "" || path == "-" {
		return writeResult(out, format, r)
	}
	var buf bytes.Buffer
	if err := writeResult(&buf, format, r); err != nil {
		return err
	}
	if err := result.WriteFileAtomic(path, buf.Bytes()); err != nil {
		return fmt.Errorf("--output: %w", err)
	}
	return nil
}

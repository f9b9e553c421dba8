package cli

import (
	"context"
	"log/slog"

	"github.com/candor-audit/candor/audit"
)

// Factory holds what commands depend on, so tests can run every command
// in-process with their own streams (and, for scans, their own browser).
type Factory struct {
	IO *IOStreams
	// Logger writes diagnostics to IO.ErrOut; set up by the root command
	// from --log-level and --quiet.
	Logger *slog.Logger
	// Quiet is --quiet: no progress bar and no per-site log lines.
	Quiet bool
	// Launch starts the browser for scan and demo; nil means a real
	// Chromium through audit.Launch. Tests set it to share one browser.
	Launch func(ctx context.Context, opts audit.BrowserOptions) (Scanner, error)
	// ReadPolicy turns a privacy policy page into claims; nil leaves the
	// claims of a scan empty.
	ReadPolicy audit.PolicyReader
}

// NewFactory returns a factory for the given streams with a default logger.
func NewFactory(io *IOStreams) *Factory {
	return &Factory{IO: io, Logger: newLogger(io.ErrOut, slog.LevelWarn)}
}

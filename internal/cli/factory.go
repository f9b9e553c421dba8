package cli

import (
	"log/slog"
)

// Factory holds what commands depend on, so tests can run every command
// in-process with their own streams (and, for scans, their own browser).
type Factory struct {
	IO *IOStreams
	// Logger writes diagnostics to IO.ErrOut; set up by the root command
	// from --log-level and --quiet.
	Logger *slog.Logger
}

// NewFactory returns a factory for the given streams with a default logger.
func NewFactory(io *IOStreams) *Factory {
	return &Factory{IO: io, Logger: newLogger(io.ErrOut, slog.LevelWarn)}
}

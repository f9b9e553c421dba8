package cli

import (
	"io"
	"os"

	"golang.org/x/term"
)

// IOStreams are the streams a command reads and writes. Results go to Out,
// logs and progress to ErrOut.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	// OutTTY and ErrTTY say whether Out and ErrOut are terminals, which
	// turns on colour and progress bars.
	OutTTY bool
	ErrTTY bool
}

// SystemIO returns the process's own streams.
func SystemIO() *IOStreams {
	return &IOStreams{
		In:     os.Stdin,
		Out:    os.Stdout,
		ErrOut: os.Stderr,
		OutTTY: term.IsTerminal(int(os.Stdout.Fd())),
		ErrTTY: term.IsTerminal(int(os.Stderr.Fd())),
	}
}

// ColorOut reports whether coloured output to Out is wanted: only on a
// terminal, and never when NO_COLOR is set.
func (s *IOStreams) ColorOut() bool {
	_, noColor := os.LookupEnv("NO_COLOR")
	return s.OutTTY && !noColor
}

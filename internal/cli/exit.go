package cli

import (
	"errors"
	"fmt"
)

// Exit codes, documented in `candor --help` and README.md.
const (
	ExitOK       = 0   // nothing at or above the failure threshold
	ExitFindings = 1   // findings at or above --fail-on (or --exit-code N)
	ExitError    = 2   // bad usage or a runtime error
	ExitSIGINT   = 130 // interrupted with Ctrl-C
	ExitSIGTERM  = 143 // stopped with SIGTERM
)

// CodeError carries the exit code a command wants; Err may be nil when the
// command has already said everything (findings were reported).
type CodeError struct {
	Code int
	Err  error
}

func (e *CodeError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit %d", e.Code)
	}
	return e.Err.Error()
}

func (e *CodeError) Unwrap() error { return e.Err }

// usageError marks an error as the user's to fix (exit 2, with a hint).
func usageError(format string, args ...any) error {
	return &CodeError{Code: ExitError, Err: fmt.Errorf(format, args...)}
}

// exitCode maps an error returned by a command to the process exit code.
func exitCode(err error) int {
	if err == nil {
		return ExitOK
	}
	var ee *CodeError
	if errors.As(err, &ee) {
		return ee.Code
	}
	return ExitError
}

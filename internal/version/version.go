// Package version reports which build of Candor is running.
package version

import "runtime/debug"

// linked is set at link time with -ldflags "-X github.com/candor-audit/candor/internal/version.linked=v1.2.3".
var linked string

// String returns the version of this build: the linked version, else the
// module version that `go install …@version` records, else "dev".
func String() string {
	if linked != "" {
		return linked
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

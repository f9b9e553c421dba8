package cli

import (
	"fmt"
	"runtime"

	"github.com/candor-audit/candor/internal/result"
	"github.com/candor-audit/candor/internal/version"
	"github.com/spf13/cobra"
)

func newVersionCmd(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print Candor's version and the result schema version",
		Example: "  candor version",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintf(f.IO.Out, "candor %s (result schema %s, %s, %s/%s)\n",
				version.String(), result.SchemaVersion, runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return err
		},
	}
}

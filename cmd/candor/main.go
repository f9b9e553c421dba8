// Command candor checks whether a website does what its privacy policy says.
package main

import (
	"os"

	"github.com/candor-audit/candor/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.SystemIO()))
}

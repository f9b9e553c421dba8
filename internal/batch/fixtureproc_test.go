package batch

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/candor-audit/candor/internal/testsite"
)

// fixtureServerEnv makes the test binary serve the fixture web and nothing
// else, so that a benchmark can measure Candor's memory without the
// fixture servers' in the same process.
const fixtureServerEnv = "CANDOR_BATCH_FIXTURE_SERVER"

// serveFixturesForever serves the fixtures, prints the resolver rules on
// stdout and serves until stdin closes (its parent ended).
func serveFixturesForever() int {
	site, err := testsite.Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer site.Close()
	serveFixtures(site, &fixtures{crashHit: make(chan struct{}, 1)}, numSites)
	fmt.Println("RULES " + site.ResolverRules())
	io.Copy(io.Discard, os.Stdin)
	return 0
}

// startFixtureProcess runs the fixture web in a child process and returns
// its host resolver rules.
func startFixtureProcess(b *testing.B) string {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), fixtureServerEnv+"=1")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { stdin.Close(); cmd.Wait() })
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if rules, ok := strings.CutPrefix(sc.Text(), "RULES "); ok {
			go io.Copy(io.Discard, stdout)
			return rules
		}
	}
	b.Fatal("the fixture process printed no resolver rules")
	return ""
}

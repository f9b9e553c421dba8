package testsite

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// ChromiumDescendants returns the ids of live Chromium processes whose
// parent chain leads to pid (normally os.Getpid()). A test binary's TestMain
// calls it after its tests to prove no browser was left behind.
func ChromiumDescendants(pid int) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	parent := map[int]int{}
	name := map[int]string{}
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...; comm may contain spaces and parens.
		s := string(stat)
		open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if open < 0 || end < open {
			continue
		}
		fields := strings.Fields(s[end+1:])
		if len(fields) < 2 || fields[0] == "Z" {
			continue // zombies are gone already, only not reaped
		}
		pp, _ := strconv.Atoi(fields[1])
		parent[p] = pp
		name[p] = s[open+1 : end]
	}
	var out []int
	for p, comm := range name {
		if !strings.Contains(strings.ToLower(comm), "chrom") {
			continue
		}
		for q, hops := parent[p], 0; q > 1 && hops < 64; q, hops = parent[q], hops+1 {
			if q == pid {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// ProcessesWithArg returns the ids of live processes with a command-line
// argument that starts with prefix, such as "--user-data-dir=/tmp/x/", to
// find browsers a child process left behind.
func ProcessesWithArg(prefix string) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var out []int
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil || p == os.Getpid() {
			continue
		}
		cmdline, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil {
			continue
		}
		for _, arg := range strings.Split(string(cmdline), "\x00") {
			if strings.HasPrefix(arg, prefix) {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// WaitNoChromium polls for up to timeout until no Chromium process
// descends from pid, and returns those still alive then (nil when none).
// Test binaries call it at their end with os.Getpid().
func WaitNoChromium(pid int, timeout time.Duration) []int {
	deadline := time.Now().Add(timeout)
	for {
		left := ChromiumDescendants(pid)
		if len(left) == 0 || time.Now().After(deadline) {
			return left
		}
		time.Sleep(50 * time.Millisecond)
	}
}

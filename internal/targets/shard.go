package targets

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
)

// Shard is one of N deterministic slices of a list of URLs. Index is
// 1-based, as in a CI matrix: the shards of four are 1/4, 2/4, 3/4 and
// 4/4. The zero value selects everything.
type Shard struct {
	Index int // 1..Count
	Count int
}

// ParseShard reads "i/n" (1 <= i <= n). An empty string is the zero Shard,
// which takes every URL.
func ParseShard(s string) (Shard, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Shard{}, nil
	}
	is, ns, ok := strings.Cut(s, "/")
	if !ok {
		return Shard{}, fmt.Errorf("--shard %q: want i/n, e.g. 1/4 (1-based: the shards of four are 1/4 to 4/4)", s)
	}
	i, err1 := strconv.Atoi(strings.TrimSpace(is))
	n, err2 := strconv.Atoi(strings.TrimSpace(ns))
	if err1 != nil || err2 != nil {
		return Shard{}, fmt.Errorf("--shard %q: i and n must be whole numbers, e.g. 1/4", s)
	}
	if n < 1 {
		return Shard{}, fmt.Errorf("--shard %q: n must be at least 1", s)
	}
	if i < 1 || i > n {
		return Shard{}, fmt.Errorf("--shard %q: i must be between 1 and %d (shards are 1-based: 1/%d to %d/%d)", s, n, n, n, n)
	}
	return Shard{Index: i, Count: n}, nil
}

// String renders the shard as "i/n", or "" for the zero Shard.
func (sh Shard) String() string {
	if sh.Count == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d", sh.Index, sh.Count)
}

// Contains reports whether the normalised URL u belongs to this shard. It
// depends on u alone (a hash of it), never on its position in the list,
// so every URL is in exactly one shard whatever order each process reads
// the list in.
func (sh Shard) Contains(u string) bool {
	if sh.Count <= 1 {
		return true
	}
	h := fnv.New64a()
	h.Write([]byte(u))
	return int(h.Sum64()%uint64(sh.Count)) == sh.Index-1
}

// Select returns the URLs of urls that belong to the shard, in their
// order.
func (sh Shard) Select(urls []string) []string {
	if sh.Count <= 1 {
		return urls
	}
	out := make([]string, 0, len(urls)/sh.Count+1)
	for _, u := range urls {
		if sh.Contains(u) {
			out = append(out, u)
		}
	}
	return out
}

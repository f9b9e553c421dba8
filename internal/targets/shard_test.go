package targets

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestParseShard(t *testing.T) {
	tests := []struct {
		in      string
		want    Shard
		wantErr string
	}{
		{"", Shard{}, ""},
		{"1/1", Shard{1, 1}, ""},
		{"1/4", Shard{1, 4}, ""},
		{" 4/4 ", Shard{4, 4}, ""},
		{"0/4", Shard{}, "between 1 and 4"},
		{"5/4", Shard{}, "between 1 and 4"},
		{"1/0", Shard{}, "at least 1"},
		{"-1/3", Shard{}, "between 1 and 3"},
		{"a/4", Shard{}, "whole numbers"},
		{"14", Shard{}, "want i/n"},
		{"1/2/3", Shard{}, "whole numbers"},
	}
	for _, tt := range tests {
		got, err := ParseShard(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), "--shard") {
				t.Errorf("ParseShard(%q) err = %v, want one mentioning --shard and %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseShard(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
		if got.String() != strings.TrimSpace(tt.in) {
			t.Errorf("String() = %q, want %q", got.String(), tt.in)
		}
	}
}

// TestShardsPartition checks that every URL lands in exactly one shard,
// whatever the order of the input, for several shard counts.
func TestShardsPartition(t *testing.T) {
	var urls []string
	for i := range 1000 {
		urls = append(urls, fmt.Sprintf("https://site%d.example/", i))
	}
	shuffled := append([]string(nil), urls...)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	for _, n := range []int{1, 2, 3, 4, 7, 16} {
		owner := map[string]int{}
		for i := 1; i <= n; i++ {
			sh := Shard{Index: i, Count: n}
			a, b := sh.Select(urls), sh.Select(shuffled)
			if len(a) != len(b) {
				t.Errorf("n=%d shard %d: %d URLs in order, %d shuffled", n, i, len(a), len(b))
			}
			for _, u := range a {
				if prev, ok := owner[u]; ok {
					t.Fatalf("n=%d: %s in shards %d and %d", n, u, prev, i)
				}
				owner[u] = i
			}
			// Each shard gets a fair part (hash spread), never none of 1000.
			if n > 1 && (len(a) < 1000/n/2 || len(a) > 1000/n*2) {
				t.Errorf("n=%d shard %d has %d URLs, far from %d", n, i, len(a), 1000/n)
			}
		}
		if len(owner) != len(urls) {
			t.Errorf("n=%d: %d of %d URLs have a shard", n, len(owner), len(urls))
		}
	}
}

func TestShardKeepsOrder(t *testing.T) {
	urls := []string{"https://a.example/", "https://b.example/", "https://c.example/", "https://d.example/", "https://e.example/"}
	sh := Shard{Index: 1, Count: 2}
	got := sh.Select(urls)
	j := 0
	for _, u := range urls {
		if j < len(got) && got[j] == u {
			j++
		}
	}
	if j != len(got) {
		t.Errorf("Select changed the order: %q", got)
	}
}

package mdtest

import "testing"

func TestStripCodeSpans(t *testing.T) {
	for in, want := range map[string]string{
		"a `<b>` c":          "a CODE c",
		"a ``x ` y`` c":      "a CODE c",
		"a ` <script>":       "a ` <script>",
		"a \\`x` b":          "a \\`x` b",
		"``a` b":             "``a` b",
		"`one` and `two`":    "CODE and CODE",
		"no code at all":     "no code at all",
		"a `` b `` ` c ` d":  "a CODE CODE d",
		"tail ``only two``x": "tail CODEx",
	} {
		if got := StripCodeSpans(in); got != want {
			t.Errorf("StripCodeSpans(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPipesAndEscaped(t *testing.T) {
	for in, want := range map[string]int{
		"| a | b |":       3,
		"| a \\| b |":     2,
		"| `x|y` | b |":   4,
		"| a \\\\| b |":   3,
		"no table at all": 0,
	} {
		if got := Pipes(in); got != want {
			t.Errorf("Pipes(%q) = %d, want %d", in, got, want)
		}
	}
	if !Escaped(`a\<`, 2) || Escaped(`a\\<`, 3) || Escaped("<", 0) {
		t.Error("Escaped counts the backslashes before a character wrongly")
	}
}

package checks

import (
	"fmt"

	"github.com/candor-audit/candor/internal/result"
)

// backendWhy says why a browser cannot see each back-end promise.
var backendWhy = map[string]string{
	KindNoSelling:        "Selling data happens between companies, out of sight of any browser.",
	KindNoSharing:        "What a company shares from its servers is out of sight of any browser; only sharing done in the page (third-party requests) is visible, and other checks judge that.",
	KindNoIPLogging:      "Every request reveals the visitor's IP address to the server; whether the server logs it cannot be seen from outside.",
	KindRetention:        "How long data is kept on the servers cannot be seen from a browser.",
	KindDataLocation:     "Where data is stored cannot be seen from a browser; the web server's address says where pages are served from, not where data lives.",
	KindPasswordHashing:  "How passwords are stored on the servers cannot be seen from a browser.",
	KindEncryptionAtRest: "Whether stored data is encrypted cannot be seen from a browser.",
}

func judgeBackend(_ *Input, c result.Claim) verdict {
	return verdict{outcome: result.OutcomeUnverifiable, message: backendWhy[c.Kind] + " A person or an auditor with access must check it."}
}

// knownKinds is every claim kind some check judges.
func knownKinds() map[string]bool {
	out := map[string]bool{}
	for _, c := range All() {
		for _, k := range c.Claims {
			out[k] = true
		}
	}
	return out
}

// judgeUnknownKinds gives every claim of a kind no check knows an
// unverifiable finding, so no claim goes unreported.
func judgeUnknownKinds(in *Input) []result.Finding {
	known := knownKinds()
	var kinds []string
	seen := map[string]bool{}
	for _, c := range in.Result.Policy.Claims {
		if !known[c.Kind] && !seen[c.Kind] {
			seen[c.Kind] = true
			kinds = append(kinds, c.Kind)
		}
	}
	if len(kinds) == 0 {
		return nil
	}
	return claimJudge(kinds, false, func(_ *Input, c result.Claim) verdict {
		return verdict{outcome: result.OutcomeUnverifiable,
			message: fmt.Sprintf("Candor has no rule for claims of kind %q yet.", c.Kind)}
	})(in)
}

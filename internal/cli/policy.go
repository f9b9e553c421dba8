package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/candor-audit/candor/audit/policy"
	"github.com/candor-audit/candor/internal/result"
	"github.com/olekukonko/tablewriter"
	"github.com/spf13/cobra"
)

// policyOptions are the settings of `candor policy`.
type policyOptions struct {
	Input  string
	Format string
	Output string
}

const policyExample = `  # read a saved policy (HTML, Markdown or text) and print its claims
  candor policy privacy.html

  # fetch a policy and write its claims as JSON
  candor policy https://example.com/privacy -f json -o claims.json

  # a Markdown table for a pull request comment
  candor policy PRIVACY.md -f markdown`

func newPolicyCmd(f *Factory) *cobra.Command {
	opts := &policyOptions{}
	cmd := &cobra.Command{
		Use:   "policy <file|url>",
		Short: "Read a privacy policy and print the claims it makes",
		Long: `Read a privacy policy from a file or URL and print its claims: each
promise with its kind, subject, scope and the sentence that makes it.

The input may be HTML, Markdown or plain text in any common encoding; the
format is decided from the content. A URL is fetched with an ordinary HTTP
client (redirects followed, size-capped); no browser is started.`,
		Example: policyExample,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Input = args[0]
			return runPolicy(cmd, f, opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "table", "output format: table, json or markdown")
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "", "write to `FILE` instead of stdout")
	return cmd
}

func runPolicy(cmd *cobra.Command, f *Factory, opts *policyOptions) error {
	switch opts.Format {
	case "table", "json", "markdown":
	default:
		return usageError("--format: unknown format %q (want table, json or markdown)", opts.Format)
	}
	ctx := cmd.Context()
	var src policy.Source
	if strings.HasPrefix(opts.Input, "http://") || strings.HasPrefix(opts.Input, "https://") {
		s, err := policy.Fetch(ctx, opts.Input, policy.FetchOptions{})
		if err != nil {
			return &CodeError{Code: ExitError, Err: err}
		}
		src = s
	} else {
		fi, err := os.Stat(opts.Input)
		if err != nil {
			return usageError("read policy %s: %v", opts.Input, err)
		}
		if fi.IsDir() {
			return usageError("read policy %s: is a folder; give a file or URL", opts.Input)
		}
		if fi.Size() > policy.MaxBytes {
			return usageError("read policy %s: %d MB is over the %d MB limit for a policy; is this the right file?", opts.Input, fi.Size()>>20, policy.MaxBytes>>20)
		}
		data, err := os.ReadFile(opts.Input)
		if err != nil {
			return usageError("read policy %s: %v", opts.Input, err)
		}
		src = policy.Source{Name: opts.Input, Data: data}
	}
	p, err := policy.Read(ctx, src)
	if err != nil {
		if ctx.Err() != nil {
			return err
		}
		return &CodeError{Code: ExitError, Err: err}
	}
	for _, w := range p.Warnings {
		f.Logger.Warn("policy", "input", opts.Input, "warning", w)
	}
	var buf bytes.Buffer
	if err := writePolicy(&buf, opts.Format, &p); err != nil {
		return err
	}
	if opts.Output == "" || opts.Output == "-" {
		_, err := f.IO.Out.Write(buf.Bytes())
		return err
	}
	if err := result.WriteFileAtomic(opts.Output, buf.Bytes()); err != nil {
		return fmt.Errorf("--output: %w", err)
	}
	return nil
}

// writePolicy renders a policy in format.
func writePolicy(w io.Writer, format string, p *result.Policy) error {
	if p.Claims == nil {
		p.Claims = []result.Claim{}
	}
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(p); err != nil {
			return fmt.Errorf("encode policy: %w", err)
		}
		return nil
	case "markdown":
		return writePolicyMarkdown(w, p)
	case "table":
		return writePolicyTable(w, p)
	}
	return errors.New("unknown format " + format)
}

func policyHeader(p *result.Policy) string {
	var sb strings.Builder
	if p.Title != "" {
		fmt.Fprintf(&sb, "%s\n", p.Title)
	}
	if p.URL != "" {
		fmt.Fprintf(&sb, "URL: %s\n", p.URL)
	}
	fmt.Fprintf(&sb, "Language: %s, %d characters, %d claims\n", orDash(p.Language), p.Chars, len(p.Claims))
	for _, w := range p.Warnings {
		fmt.Fprintf(&sb, "Warning: %s\n", w)
	}
	return sb.String()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func writePolicyTable(w io.Writer, p *result.Policy) error {
	if _, err := io.WriteString(w, policyHeader(p)+"\n"); err != nil {
		return err
	}
	if len(p.Claims) == 0 {
		_, err := io.WriteString(w, "No claims.\n")
		return err
	}
	t := tablewriter.NewTable(w)
	t.Header("Kind", "Subject", "Scope", "Section", "Quote")
	for _, c := range p.Claims {
		if err := t.Append(c.Kind, c.Subject, c.Scope, shorten(c.Section, 30), shorten(c.Quote, 90)); err != nil {
			return fmt.Errorf("render table: %w", err)
		}
	}
	if err := t.Render(); err != nil {
		return fmt.Errorf("render table: %w", err)
	}
	return nil
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// mdCell escapes text for one cell of a Markdown table: pipes, newlines,
// backticks and HTML cannot break the table or inject markup.
func mdCell(s string) string {
	s = strings.NewReplacer(
		"\\", "\\\\", "|", "\\|", "`", "\\`", "<", "&lt;", ">", "&gt;", "&", "&amp;",
		"\r\n", " ", "\n", " ", "\r", " ", "*", "\\*", "_", "\\_", "[", "\\[", "]", "\\]",
	).Replace(s)
	return strings.TrimSpace(s)
}

func writePolicyMarkdown(w io.Writer, p *result.Policy) error {
	var sb strings.Builder
	title := p.Title
	if title == "" {
		title = "Privacy policy"
	}
	fmt.Fprintf(&sb, "## %s\n\n", mdCell(title))
	if p.URL != "" {
		fmt.Fprintf(&sb, "URL: %s  \n", mdCell(p.URL))
	}
	fmt.Fprintf(&sb, "Language: %s, %d characters, %d claims\n\n", mdCell(orDash(p.Language)), p.Chars, len(p.Claims))
	for _, warn := range p.Warnings {
		fmt.Fprintf(&sb, "> Warning: %s\n\n", mdCell(warn))
	}
	if len(p.Claims) == 0 {
		sb.WriteString("No claims.\n")
	} else {
		sb.WriteString("| Kind | Subject | Scope | Section | Quote | Rule |\n|---|---|---|---|---|---|\n")
		for _, c := range p.Claims {
			fmt.Fprintf(&sb, "| %s | %s | %s | %s | %s | %s |\n", mdCell(c.Kind), mdCell(c.Subject), mdCell(c.Scope), mdCell(c.Section), mdCell(c.Quote), mdCell(c.Rule))
		}
	}
	_, err := io.WriteString(w, sb.String())
	return err
}

// Command brinkctl is Brink's headless command-line tool: every analysis the
// desktop app offers, scriptable, with --json output for other programs.
//
// Usage:
//
//	brinkctl query MODEL [-e VAR=STATE]... [--not VAR=STATE]... [--likelihood VAR=w1,w2,...]... [--json]
//	brinkctl mpe   MODEL [findings...] [--json]
//	brinkctl bench MODEL [findings...] [--reps N] [--json]
//	brinkctl validate MODEL...
//	brinkctl convert IN OUT
//	brinkctl scenarios MODEL [--json]
//	brinkctl diff OLD NEW [--json]
//	brinkctl impact|explain MODEL --target VAR=STATE [findings] [--json]
//	brinkctl voi MODEL --target VAR [findings] [--json]
//	brinkctl sensitivity MODEL --target VAR=STATE [--top N] [findings] [--json]
//	brinkctl fragility MODEL --target VAR[=STATE] [--threshold P] [--top N] [--two-way I,J] [--grid OUT.svg|.png] [findings] [--json]
//	brinkctl uncertainty MODEL --target VAR [--samples N] [findings] [--json]
//	brinkctl conflict MODEL [findings] [--target VAR] [--threshold P] [--json]
//	brinkctl shapley MODEL --target VAR=STATE [findings] [--permutations N] [--json]
//	brinkctl indicators MODEL --target VAR=STATE [--top N] [--reach|--above|--below P] [findings] [--json]
//	brinkctl influence MODEL [--maximum] [--top N] [--json]
//	brinkctl log MODEL [--json]
//	brinkctl changes MODEL [--from DATE] [--to DATE] [--json]
//	brinkctl score MODEL [--json]
//	brinkctl report MODEL [--scenario NAME]... [findings] -o OUT.{pdf,png,svg} [--what brief|network|outcomes]
//	brinkctl share MODEL -o PAGE.html [--scenario NAME]...
//	brinkctl --version
//
// Findings: -e VAR=STATE, --not VAR=STATE, --likelihood VAR=w1,w2,...,
// and --scenario NAME to start from a saved scenario.
package main

import (
	"fmt"
	"io"
	"os"

	"brink/assets"
	"brink/internal/termtext"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// command is one subcommand: it parses its own arguments and returns an
// exit status.
type command struct {
	summary string
	run     func(args []string, stdout, stderr io.Writer) error
}

var commands = map[string]command{
	"query":       {"posterior marginals of every variable and P(evidence)", runQuery},
	"mpe":         {"most probable explanation of the evidence", runMPE},
	"bench":       {"time compilation and propagation", runBench},
	"validate":    {"check model files; errors as path:line:col: message", runValidate},
	"convert":     {"convert IN OUT between formats (chosen by extension)", runConvert},
	"scenarios":   {"list a model's saved scenarios and their findings", runScenarios},
	"diff":        {"what changed between two versions of a model", runDiff},
	"impact":      {"target's probability if each unobserved state were observed (tornado)", runImpact},
	"explain":     {"weight of each current finding for a target, in decibans", runExplain},
	"voi":         {"which unobserved variable would tell most about a target (bits)", runVOI},
	"sensitivity": {"CPT entries a target's probability depends on most", runSensitivity},
	"fragility":   {"how far each CPT number must move before the conclusion changes; two-way heat map", runFragility},
	"conflict":    {"do the findings fit together: Jensen's conflict measure, each report against the rest, source check, rare case", runConflict},
	"shapley":     {"each finding's share of a target's change from no findings (Shapley values, percentage points)", runShapley},
	"narrate":     {"a target's key judgement in plain words: ICD 203 term, what moved it, what would change it, confidence", runNarrate},
	"report":      {"briefing material: scenario brief (.pdf), network picture or outcome chart (.png, .svg)", runReport},
	"uncertainty": {"how firm the target's posterior is when CPT numbers carry a confidence (mean and 90% interval)", runUncertainty},
	"decide":      {"solve the influence diagram: each decision's options, best option, policy and value of information", runDecide},
	"game":        {"two sides' options against each other: payoffs, outcomes, best responses, equilibria", runGame},
	"indicators":  {"what to watch for: the states that tell a target from its absence, and the fewest findings that would bring it to a level", runIndicators},
	"influence":   {"strength of influence of every edge, from the CPTs (as GeNIe draws it)", runInfluence},
	"log":         {"the model's log: its entries and the path of every intention and outcome over their dates", runLog},
	"changes":     {"what changed between two dates of the log and which entries caused it (Shapley shares)", runChanges},
	"score":       {"the recorded forecasts' Brier and log scores and, with enough of them, a calibration table", runScore},
	"share":       {"write the model as one self-contained interactive web page (-o PAGE.html)", runShare},
}

var commandOrder = []string{"query", "mpe", "bench", "validate", "convert", "scenarios", "diff",
	"impact", "explain", "conflict", "shapley", "narrate", "voi", "sensitivity", "fragility", "uncertainty", "indicators", "influence", "decide", "game", "log", "changes", "score", "report", "share"}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: brinkctl COMMAND MODEL [options]")
	fmt.Fprintln(w, "\ncommands:")
	for _, name := range commandOrder {
		fmt.Fprintf(w, "  %-12s %s\n", name, commands[name].summary)
	}
	fmt.Fprintln(w, "\nfindings (query, mpe, bench):")
	fmt.Fprintln(w, "  -e VAR=STATE              hard finding (splits at the first '=')")
	fmt.Fprintln(w, "  --not VAR=STATE           negative finding: VAR is not STATE (repeatable)")
	fmt.Fprintln(w, "  --likelihood VAR=w1,w2,.. soft evidence, one weight per state")
	fmt.Fprintln(w, "  --json                    machine-readable output")
}

// run executes one brinkctl invocation and returns its exit status.
//
// Everything the commands print passes through termtext.Writer, so that a
// control character in a name, a scenario, a path or an error message
// (ESC, CR, C1 controls, bidi overrides) is shown as an escape such as
// \x1b instead of acting on the terminal. Tabs and newlines, which lay out
// the text, pass through. JSON output is unchanged by it: the JSON
// writers (output.go) already escape every such character.
func run(args []string, stdout, stderr io.Writer) int {
	out, errw := termtext.NewWriter(stdout), termtext.NewWriter(stderr)
	defer errw.Flush()
	defer out.Flush()
	return runCommand(args, out, errw)
}

// runCommand is run behind the escaping writers.
func runCommand(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	if args[0] == "--version" || args[0] == "version" {
		fmt.Fprintln(stdout, "brinkctl", assets.Version)
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "brinkctl: unknown command %q\n", args[0])
		usage(stderr)
		return 2
	}
	if err := cmd.run(args[1:], stdout, stderr); err != nil {
		if err == errUsage {
			return 2
		}
		if err == errReported {
			return 1
		}
		fmt.Fprintf(stderr, "brinkctl %s: %v\n", args[0], err)
		return 1
	}
	return 0
}

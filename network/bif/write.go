package bif

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"brink/network"
)

// Write writes n as BIF in the style of bnlearn's write.bif: a
// `network unknown {}` header (a Network carries no name), one variable
// block per variable, then one probability block per variable in the same
// order, `table` for variables without parents and one row per parent
// configuration otherwise, the first parent varying fastest as bnlearn
// orders them. Numbers are written with strconv.FormatFloat(x, 'g', -1, 64),
// which reads back as exactly the same float64, so Read returns a network
// with exactly the same specs: network.New keeps rows that sum to 1 up to
// the rounding of their float64 sum as given, and every network's rows
// do. Names that would not read back as one word are written in double
// quotes; a name containing a double quote cannot be written and is an
// error.
func Write(w io.Writer, n *network.Network) error {
	for v := range n.NumVariables() {
		if err := checkName(n.Name(v)); err != nil {
			return err
		}
		for _, s := range n.Variable(v).States {
			if err := checkName(s); err != nil {
				return err
			}
		}
	}
	// Each name is formatted once: a row repeats its parents' states.
	names := make([]string, n.NumVariables())
	states := make([][]string, n.NumVariables())
	for v := range n.NumVariables() {
		names[v] = string(appendName(nil, n.Name(v)))
		states[v] = make([]string, n.Card(v))
		for i, s := range n.Variable(v).States {
			states[v][i] = string(appendName(nil, s))
		}
	}
	bw := bufio.NewWriter(w)
	buf := make([]byte, 0, 64<<10)
	// flush writes buf out when it is full or when force is set.
	flush := func(force bool) error {
		if len(buf) < 32<<10 && !force {
			return nil
		}
		_, err := bw.Write(buf)
		buf = buf[:0]
		if err != nil {
			return fmt.Errorf("bif: %w", err)
		}
		return nil
	}
	buf = append(buf, "network unknown {\n}\n"...)
	for v := range n.NumVariables() {
		buf = append(buf, "variable "...)
		buf = append(buf, names[v]...)
		buf = append(buf, " {\n  type discrete [ "...)
		buf = strconv.AppendInt(buf, int64(n.Card(v)), 10)
		buf = append(buf, " ] { "...)
		for i, s := range states[v] {
			if i > 0 {
				buf = append(buf, ", "...)
			}
			buf = append(buf, s...)
		}
		buf = append(buf, " };\n}\n"...)
		if err := flush(false); err != nil {
			return err
		}
	}
	var config []int
	for v := range n.NumVariables() {
		k := n.Card(v)
		cpt := n.CPT(v)
		parents := n.Parents(v)
		buf = append(buf, "probability ( "...)
		buf = append(buf, names[v]...)
		for i, pa := range parents {
			if i == 0 {
				buf = append(buf, " | "...)
			} else {
				buf = append(buf, ", "...)
			}
			buf = append(buf, names[pa]...)
		}
		buf = append(buf, " ) {\n"...)
		if len(parents) == 0 {
			buf = append(buf, "  table "...)
			buf = appendValues(buf, cpt)
		}
		// Enumerate the configurations with the first parent fastest, as
		// bnlearn does, and find each one's row in the spec's layout, where
		// the last parent is fastest.
		config = append(config[:0], make([]int, len(parents))...)
		for rows := n.ParentConfigs(v); len(parents) > 0 && rows > 0; rows-- {
			row := 0
			buf = append(buf, "  ("...)
			for i, pa := range parents {
				if i > 0 {
					buf = append(buf, ", "...)
				}
				buf = append(buf, states[pa][config[i]]...)
				row = row*n.Card(pa) + config[i]
			}
			buf = append(buf, ") "...)
			buf = appendValues(buf, cpt[row*k:(row+1)*k])
			for i, pa := range parents {
				config[i]++
				if config[i] < n.Card(pa) {
					break
				}
				config[i] = 0
			}
			if err := flush(false); err != nil {
				return err
			}
		}
		buf = append(buf, "}\n"...)
	}
	if err := flush(true); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("bif: %w", err)
	}
	return nil
}

// appendValues appends "v1, v2, ...;\n".
func appendValues(buf []byte, vals []float64) []byte {
	for i, x := range vals {
		if i > 0 {
			buf = append(buf, ", "...)
		}
		buf = strconv.AppendFloat(buf, x, 'g', -1, 64)
	}
	return append(buf, ";\n"...)
}

// checkName refuses names that no quoting can write.
func checkName(s string) error {
	if strings.Contains(s, `"`) {
		return fmt.Errorf("bif: cannot write the name %q: BIF has no way to write a double quote", s)
	}
	return nil
}

// appendName appends a name, in double quotes if the lexer would not read
// it back as one word.
func appendName(buf []byte, s string) []byte {
	if needsQuotes(s) {
		buf = append(buf, '"')
		buf = append(buf, s...)
		return append(buf, '"')
	}
	return append(buf, s...)
}

func needsQuotes(s string) bool {
	if s == "" {
		return true
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if delim[c] || (c == '/' && i+1 < len(s) && (s[i+1] == '/' || s[i+1] == '*')) {
			return true
		}
	}
	return false
}

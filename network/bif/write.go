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
// so Read gives back exactly the same float64 values. Names that would not
// read back as one word are written in double quotes; a name containing a
// double quote cannot be written and is an error.
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
	bw := bufio.NewWriter(w)
	var buf []byte
	buf = append(buf, "network unknown {\n}\n"...)
	for v := range n.NumVariables() {
		states := n.Variable(v).States
		buf = append(buf, "variable "...)
		buf = appendName(buf, n.Name(v))
		buf = append(buf, " {\n  type discrete [ "...)
		buf = strconv.AppendInt(buf, int64(len(states)), 10)
		buf = append(buf, " ] { "...)
		for i, s := range states {
			if i > 0 {
				buf = append(buf, ", "...)
			}
			buf = appendName(buf, s)
		}
		buf = append(buf, " };\n}\n"...)
		if _, err := bw.Write(buf); err != nil {
			return fmt.Errorf("bif: %w", err)
		}
		buf = buf[:0]
	}
	var states []int
	for v := range n.NumVariables() {
		k := n.Card(v)
		cpt := n.CPT(v)
		parents := n.Parents(v)
		buf = append(buf, "probability ( "...)
		buf = appendName(buf, n.Name(v))
		for i, pa := range parents {
			if i == 0 {
				buf = append(buf, " | "...)
			} else {
				buf = append(buf, ", "...)
			}
			buf = appendName(buf, n.Name(pa))
		}
		buf = append(buf, " ) {\n"...)
		if len(parents) == 0 {
			buf = append(buf, "  table "...)
			buf = appendValues(buf, cpt)
		} else {
			// Enumerate the configurations with the first parent fastest
			// and find each one's row in the spec's layout, where the last
			// parent is fastest.
			states = states[:0]
			for range parents {
				states = append(states, 0)
			}
			for range n.ParentConfigs(v) {
				row := 0
				buf = append(buf, "  ("...)
				for i, pa := range parents {
					if i > 0 {
						buf = append(buf, ", "...)
					}
					buf = appendName(buf, n.Variable(pa).States[states[i]])
					row = row*n.Card(pa) + states[i]
				}
				buf = append(buf, ") "...)
				buf = appendValues(buf, cpt[row*k:(row+1)*k])
				for i, pa := range parents {
					states[i]++
					if states[i] < n.Card(pa) {
						break
					}
					states[i] = 0
				}
				if len(buf) > 32<<10 {
					if _, err := bw.Write(buf); err != nil {
						return fmt.Errorf("bif: %w", err)
					}
					buf = buf[:0]
				}
			}
		}
		buf = append(buf, "}\n"...)
		if _, err := bw.Write(buf); err != nil {
			return fmt.Errorf("bif: %w", err)
		}
		buf = buf[:0]
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

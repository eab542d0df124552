package charset

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"brink/network"
)

// Name is a variable or state name as a reader found it and as Brink will
// keep it.
type Name struct {
	// Raw is the text as the file has it, decoded and unescaped.
	Raw string
	// Text is Raw in Unicode normal form C. References to the name (a
	// parent, a parent state in a row) are matched against it, so that a
	// file that spells "café" with a combining accent in one place and a
	// precomposed é in another means one name.
	Text string
	// ID is what the network calls it: Text, or a safe replacement when
	// Text holds what Brink's names may not (see VariableName).
	ID string
	// Why says why ID differs from Text ("contains ',', which ..."); it is
	// "" when they are the same.
	Why string
}

// Changed reports whether the name was given a safe ID.
func (n Name) Changed() bool { return n.Why != "" }

// VariableName reads raw as a variable name. It is normalised to NFC and
// checked with network.CheckVariableName. Some of what that refuses is
// what other tools write as free text (XMLBIF's <NAME>, a quoted BIF name):
// spaces at the ends, and the '=' and ',' that separate names in findings
// and parent configurations. For those the name gets a safe ID, with the
// spaces trimmed, '=' written '_' and ',' written ';', and the reader keeps
// Text as the variable's label and says so in a warning. What cannot be
// shown faithfully is refused with a *network.NameError naming raw: an
// empty name, invalid UTF-8, control and invisible formatting characters.
func VariableName(raw string) (Name, error) {
	return makeName(raw, network.CheckVariableName, strings.NewReplacer("=", "_", ",", ";"))
}

// StateName reads raw as a state name, as VariableName does with
// network.CheckStateName: '=' is allowed (bnlearn's child has ">=7.5"),
// and ',' is written ';'.
func StateName(raw string) (Name, error) {
	return makeName(raw, network.CheckStateName, strings.NewReplacer(",", ";"))
}

func makeName(raw string, check func(string) error, safe *strings.Replacer) (Name, error) {
	text := network.NormalName(raw)
	n := Name{Raw: raw, Text: text, ID: text}
	err := check(text)
	if err == nil {
		return n, nil
	}
	id := safe.Replace(strings.TrimSpace(text))
	if id == "" {
		id = text // an empty or blank name: refuse it as it is
	}
	if err := check(id); err != nil {
		var ne *network.NameError
		if errors.As(err, &ne) {
			return Name{}, &network.NameError{Name: raw, Reason: ne.Reason}
		}
		return Name{}, err
	}
	var ne *network.NameError
	if errors.As(err, &ne) {
		n.Why = ne.Reason
	} else {
		n.Why = err.Error()
	}
	n.ID = id
	return n, nil
}

// Unique makes the ID of every name that was given a safe ID differ from
// the IDs of names of other text, by appending "_2", "_3", ...: a state
// "a,b" next to a state "a;b" becomes "a;b_2". Names of equal Text keep
// equal IDs, for the reader to report as duplicates.
func Unique(names []Name) {
	taken := make(map[string]string, len(names)) // ID -> Text
	for _, n := range names {
		if _, ok := taken[n.ID]; !ok && !n.Changed() {
			taken[n.ID] = n.Text
		}
	}
	for i := range names {
		n := &names[i]
		if !n.Changed() {
			continue
		}
		id := n.ID
		for k := 2; ; k++ {
			if t, ok := taken[id]; !ok || t == n.Text {
				break
			}
			id = n.ID + "_" + strconv.Itoa(k)
		}
		taken[id] = n.Text
		n.ID = id
	}
}

// Renamed describes a name given a safe ID, for a reader's warning; what
// says what it names, e.g. "variable" or `variable "x": state`.
func (n Name) Renamed(what string) string {
	return fmt.Sprintf("%s %s %s; Brink names it %s and keeps the original as its label",
		what, network.QuoteName(n.Text), n.Why, network.QuoteName(n.ID))
}

// Same describes, for the message about a duplicate, how two names that
// are one differ in the file: "" when they are written alike, else e.g.
// `written "caf\u00e9" and "cafe\u0301", the same name in Unicode normal
// form C`, in ASCII so that the difference can be seen.
func Same(first, second Name) string {
	if first.Raw == second.Raw {
		return ""
	}
	return fmt.Sprintf("written %s and %s, the same name in Unicode normal form C",
		strconv.QuoteToASCII(first.Raw), strconv.QuoteToASCII(second.Raw))
}

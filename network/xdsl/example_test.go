package xdsl_test

import (
	"fmt"
	"log"
	"strings"

	"brink/network"
	"brink/network/jtree"
	"brink/network/limits"
	"brink/network/xdsl"
)

// A two-node network as GeNIe writes it: Wet's probabilities run over
// Rain's states (Rain=Yes first), with Wet's own state fastest.
const rain = `<?xml version="1.0" encoding="UTF-8"?>
<smile version="1.0" id="Rain">
	<nodes>
		<cpt id="Rain">
			<state id="Yes" />
			<state id="No" />
			<probabilities>0.2 0.8</probabilities>
		</cpt>
		<cpt id="Wet">
			<state id="Yes" />
			<state id="No" />
			<parents>Rain</parents>
			<probabilities>0.9 0.1 0.1 0.9</probabilities>
		</cpt>
	</nodes>
	<extensions>
		<genie version="1.0" name="Rain and wet grass">
			<node id="Wet">
				<name>Wet grass</name>
				<position>100 100 180 140</position>
			</node>
		</genie>
	</extensions>
</smile>
`

// Example reads a network, observes the grass wet and asks how likely rain
// is.
func Example() {
	m, warnings, err := xdsl.Read([]byte(rain), "rain.xdsl", limits.Limits{})
	if err != nil {
		log.Fatal(err)
	}
	for _, w := range warnings {
		fmt.Println(w)
	}
	jt, err := jtree.Compile(m.Net, jtree.Options{})
	if err != nil {
		log.Fatal(err)
	}
	ev := network.NewEvidence(m.Net)
	wet, yes, _ := m.Net.Lookup("Wet", "Yes")
	if err := ev.SetState(wet, yes); err != nil {
		log.Fatal(err)
	}
	if err := jt.Propagate(ev); err != nil {
		log.Fatal(err)
	}
	r, _, _ := m.Net.Lookup("Rain", "")
	// P(Rain=Yes | Wet=Yes) = 0.2·0.9 / (0.2·0.9 + 0.8·0.1) = 0.18 / 0.26
	fmt.Println(m.Title)
	fmt.Printf("%s at %v\n", m.Label(wet), *m.Nodes[wet].Position)
	fmt.Printf("P(Rain=Yes | wet grass) = %.4f\n", jt.Posterior(r)[0])

	// Output:
	// Rain and wet grass
	// Wet grass at {140 120}
	// P(Rain=Yes | wet grass) = 0.6923
}

// Example_error shows a positioned error.
func Example_error() {
	bad := strings.Replace(rain, "<parents>Rain</parents>", "<parents>Rain Sun</parents>", 1)
	_, _, err := xdsl.Read([]byte(bad), "rain.xdsl", limits.Limits{})
	fmt.Println(err)

	// Output:
	// rain.xdsl:12:18: xdsl: node Wet: parent Sun is not a node
}

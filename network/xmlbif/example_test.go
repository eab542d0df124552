package xmlbif_test

import (
	"fmt"
	"log"
	"os"

	"brink/network"
	"brink/network/jtree"
	"brink/network/limits"
	"brink/network/model"
	"brink/network/xmlbif"
)

// Example reads a two-variable network, observes the child and reads the
// posterior of the parent.
func Example() {
	const doc = `<?xml version="1.0" encoding="US-ASCII"?>
<BIF VERSION="0.3">
<NETWORK>
<NAME>lawn</NAME>
<VARIABLE TYPE="nature">
	<NAME>rain</NAME>
	<OUTCOME>yes</OUTCOME>
	<OUTCOME>no</OUTCOME>
	<PROPERTY>position = (100, 40)</PROPERTY>
</VARIABLE>
<VARIABLE TYPE="nature">
	<NAME>wet</NAME>
	<OUTCOME>yes</OUTCOME>
	<OUTCOME>no</OUTCOME>
</VARIABLE>
<DEFINITION>
	<FOR>rain</FOR>
	<TABLE>0.2 0.8</TABLE>
</DEFINITION>
<DEFINITION>
	<FOR>wet</FOR>
	<GIVEN>rain</GIVEN>
	<TABLE>0.9 0.1 0.1 0.9</TABLE>
</DEFINITION>
</NETWORK>
</BIF>`
	m, _, err := xmlbif.Read([]byte(doc), "lawn.xml", limits.Limits{})
	if err != nil {
		log.Fatal(err)
	}
	n := m.Net
	jt, err := jtree.Compile(n, jtree.Options{})
	if err != nil {
		log.Fatal(err)
	}
	ev := network.NewEvidence(n)
	wet, s, _ := n.Lookup("wet", "yes")
	if err := ev.SetState(wet, s); err != nil {
		log.Fatal(err)
	}
	if err := jt.Propagate(ev); err != nil {
		log.Fatal(err)
	}
	rain, _ := n.Index("rain")
	// P(rain | wet) = 0.2·0.9 / (0.2·0.9 + 0.8·0.1) = 0.18 / 0.26
	fmt.Printf("%s: rain drawn at %v\n", m.Title, *m.Nodes[rain].Position)
	fmt.Printf("P(rain | wet) = %.4f\n", jt.Posterior(rain)[0])
	// Output:
	// lawn: rain drawn at {100 40}
	// P(rain | wet) = 0.6923
}

// ExampleWrite writes a one-variable model.
func ExampleWrite() {
	n, err := network.New([]network.VariableSpec{
		{Name: "coin", States: []string{"heads", "tails"}, CPT: []float64{0.5, 0.5}},
	})
	if err != nil {
		log.Fatal(err)
	}
	m := model.New(n)
	m.Title = "toss"
	m.Nodes[0].Position = &model.Point{X: 10, Y: 20}
	if err := xmlbif.Write(os.Stdout, m); err != nil {
		log.Fatal(err)
	}
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?>
	// <BIF VERSION="0.3">
	// <NETWORK>
	// <NAME>toss</NAME>
	//
	// <VARIABLE TYPE="nature">
	// 	<NAME>coin</NAME>
	// 	<OUTCOME>heads</OUTCOME>
	// 	<OUTCOME>tails</OUTCOME>
	// 	<PROPERTY>position = (10, 20)</PROPERTY>
	// </VARIABLE>
	//
	// <DEFINITION>
	// 	<FOR>coin</FOR>
	// 	<TABLE>
	// 		0.5 0.5
	// 	</TABLE>
	// </DEFINITION>
	// </NETWORK>
	// </BIF>
}

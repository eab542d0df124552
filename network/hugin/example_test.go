package hugin_test

import (
	"fmt"
	"log"
	"os"

	"brink/network"
	"brink/network/hugin"
	"brink/network/jtree"
	"brink/network/limits"
	"brink/network/model"
)

// Read a NET file, observe a node and query another. The second row of
// Wet's table is written as counts, which Hugin (and this reader)
// normalise, with a warning.
func Example() {
	const src = `net
{
    label = "Rain";
}
node Rain
{
    label = "Is it raining?";
    states = ("yes" "no");
}
node Wet
{
    states = ("yes" "no");
}
potential (Rain) { data = ( 0.2 0.8 ); }
potential (Wet | Rain)
{
    data = (( 0.9 0.1 )   % Rain=yes
            ( 1 9 ));     % Rain=no
}
`
	m, warnings, err := hugin.Read([]byte(src), "rain.net", limits.Limits{})
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
	wet, rain := lookup(m.Net, "Wet"), lookup(m.Net, "Rain")
	if err := ev.SetState(wet, 0); err != nil {
		log.Fatal(err)
	}
	if err := jt.Propagate(ev); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %s given Wet=yes: %.4f\n", m.Title, m.Label(rain), jt.Posterior(rain)[0])
	// Output:
	// rain.net:18:13: hugin: node "Wet": row given Rain=no normalised (sum 10)
	// Rain: Is it raining? given Wet=yes: 0.6923
}

func lookup(n *network.Network, name string) int {
	v, ok := n.Index(name)
	if !ok {
		log.Fatalf("no node %s", name)
	}
	return v
}

// Write a network built in code, with a label and a position.
func ExampleWrite() {
	n, err := network.New([]network.VariableSpec{
		{Name: "Smoker", States: []string{"yes", "no"}, CPT: []float64{0.3, 0.7}},
		{Name: "Cough", States: []string{"yes", "no"}, Parents: []string{"Smoker"}, CPT: []float64{0.4, 0.6, 0.1, 0.9}},
	})
	if err != nil {
		log.Fatal(err)
	}
	m := model.New(n)
	m.Nodes[0].Label = "Does the patient smoke?"
	m.Nodes[0].Position = &model.Point{X: 100, Y: 50}
	if err := hugin.Write(os.Stdout, m); err != nil {
		log.Fatal(err)
	}
	// Output:
	// net
	// {
	//     node_size = (80 40);
	// }
	//
	// node Smoker
	// {
	//     label = "Does the patient smoke?";
	//     position = (100 50);
	//     states = ("yes" "no");
	// }
	//
	// node Cough
	// {
	//     states = ("yes" "no");
	// }
	//
	// potential (Smoker)
	// {
	//     data = ( 0.3 0.7 );
	// }
	//
	// potential (Cough | Smoker)
	// {
	//     data = (( 0.4 0.6 )	% Smoker=yes
	//             ( 0.1 0.9 ));	% Smoker=no
	// }
}

package bif_test

import (
	"fmt"
	"log"
	"os"

	"brink/network/bif"
	"brink/network/limits"
)

func ExampleRead() {
	const src = `network unknown {
}
variable rain {
  type discrete [ 2 ] { yes, no };
}
variable wet {
  type discrete [ 2 ] { yes, no };
}
probability ( rain ) {
  table 0.2, 0.8;
}
probability ( wet | rain ) {
  (yes) 0.9, 0.1;
  (no) 0.1, 0.9;
}
`
	m, _, err := bif.Read([]byte(src), "rain.bif", limits.Limits{})
	if err != nil {
		log.Fatal(err)
	}
	n := m.Net
	wet, _ := n.Index("wet")
	for row := range n.ParentConfigs(wet) {
		fmt.Printf("P(wet=yes | %s) = %g\n", n.ConfigString(wet, row), n.CPT(wet)[row*n.Card(wet)])
	}
	// Output:
	// P(wet=yes | rain=yes) = 0.9
	// P(wet=yes | rain=no) = 0.1
}

func ExampleRead_error() {
	const src = `variable rain { type discrete [ 2 ] { yes, no }; }
probability ( rain ) {
  table 0.2, 0.7;
}
`
	_, _, err := bif.Read([]byte(src), "rain.bif", limits.Limits{})
	fmt.Println(err)
	// Output:
	// rain.bif:3:3: bif: variable "rain": CPT row does not sum to 1: sums to 0.9 (off by -0.1)
}

func ExampleWrite() {
	m, _, err := bif.Read([]byte(`variable "Blood pressure" { type discrete [ 2 ] { low, ">= 140" }; }
probability ( "Blood pressure" ) { table 0.75, 0.25; }`), "bp.bif", limits.Limits{})
	if err != nil {
		log.Fatal(err)
	}
	if err := bif.Write(os.Stdout, m.Net); err != nil {
		log.Fatal(err)
	}
	// Output:
	// network unknown {
	// }
	// variable "Blood pressure" {
	//   type discrete [ 2 ] { low, ">= 140" };
	// }
	// probability ( "Blood pressure" ) {
	//   table 0.75, 0.25;
	// }
}

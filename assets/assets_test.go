package assets

import (
	"encoding/xml"
	"testing"
)

// TestIconIsSVG checks the embedded icon parses as XML with an svg root
// and a square view box, as desktop environments expect.
func TestIconIsSVG(t *testing.T) {
	var root struct {
		XMLName xml.Name
		ViewBox string `xml:"viewBox,attr"`
	}
	if err := xml.Unmarshal(Icon, &root); err != nil {
		t.Fatal(err)
	}
	if root.XMLName.Local != "svg" || root.ViewBox != "0 0 64 64" {
		t.Errorf("root <%s viewBox=%q>, want an svg with view box 0 0 64 64", root.XMLName.Local, root.ViewBox)
	}
}

//go:build js && wasm

package main

import (
	"encoding/json"
	"syscall/js"
)

// main registers the page's entry points and waits for calls: each takes
// and returns JSON text (see session), so that the page's JavaScript only
// draws and forwards clicks.
func main() {
	s := &session{}
	register := func(name string, f func(arg string) reply) {
		js.Global().Set(name, js.FuncOf(func(_ js.Value, args []js.Value) any {
			arg := ""
			if len(args) > 0 && args[0].Type() == js.TypeString {
				arg = args[0].String()
			}
			out, err := json.Marshal(f(arg))
			if err != nil {
				out, _ = json.Marshal(reply{Error: "brinkweb: " + err.Error()})
			}
			return string(out)
		}))
	}
	register("brinkLoad", s.load)
	register("brinkQuery", s.query)
	register("brinkScenario", s.scenario)
	if ready := js.Global().Get("brinkReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {}
}

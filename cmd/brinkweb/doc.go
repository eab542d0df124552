// Command brinkweb is the engine of the web page `brinkctl share` writes:
// Brink's own model reader and belief computation (the pure-Go engine,
// network/...) compiled to WebAssembly (GOOS=js GOARCH=wasm) and embedded
// in the page, so that the page shows the app's numbers. It registers
// three functions on the page, each taking and returning JSON text:
//
//	brinkLoad(modelTOML)     load a Brink model file; its digest and baseline beliefs
//	brinkQuery(findingsJSON) the beliefs under a list of findings
//	brinkScenario(name)      the beliefs under a saved scenario, and its findings
//
// An error comes back as {"error": "..."} in the words of the app's error
// dialog. Built for another system it only says what it is for.
package main

package assets

// Version is Brink's version, which `brink --version` and `brinkctl
// --version` print and shared pages name. FyneApp.toml, which the
// packaging tool reads, carries the same (assets_test checks).
const Version = "0.9.0"

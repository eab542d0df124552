// Package models embeds the model files shipped with Brink, so that the
// binaries open them with no files beside them.
package models

import "embed"

// Files holds the shipped models, by file name.
//
//go:embed *.toml
var Files embed.FS

// Default is the file name of the model opened when none is given.
const Default = "us-iran.toml"

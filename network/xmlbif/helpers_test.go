package xmlbif

import (
	"os"

	"brink/network/limits"
	"brink/network/model"
)

// readModel parses data with the default limits, dropping the warnings.
func readModel(data []byte, filename string) (*model.Model, error) {
	m, _, err := Read(data, filename, limits.Limits{})
	return m, err
}

// readFile reads the file at path with the default limits.
func readFile(path string) (*model.Model, []string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	return Read(data, path, limits.Limits{})
}

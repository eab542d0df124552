module brink

go 1.26

require (
	fyne.io/fyne/v2 v2.7.2 // indirect
	github.com/BurntSushi/toml v1.6.0 // indirect
	gonum.org/v1/gonum v0.17.0 // indirect
)

package hostile

// generators lists the cases of each format, one function per format in
// the file of its name.
var generators = []func() []Case{tomlCases, bifCases, xmlbifCases, huginCases, xdslCases}

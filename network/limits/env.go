package limits

import (
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
)

// EnvMaxFileMB names the environment variable that sets the file size
// limit, in mebibytes (2²⁰ bytes), for programs that open files with
// formats.Read and formats.Load: BRINK_MAX_FILE_MB=200 opens files up to
// 200 MiB. It is read by FromEnv.
const EnvMaxFileMB = "BRINK_MAX_FILE_MB"

// FromEnv returns the default limits, with FileBytes set from the
// environment variable BRINK_MAX_FILE_MB when it is set and not empty. Its
// value is a positive number of mebibytes, fractions allowed ("0.5" is 512
// KiB); anything else is an error naming the variable, so that a mistyped
// setting is not silently ignored.
func FromEnv() (Limits, error) {
	l := Default()
	s := strings.TrimSpace(os.Getenv(EnvMaxFileMB))
	if s == "" {
		return l, nil
	}
	mb, err := strconv.ParseFloat(s, 64)
	if err != nil || !(mb > 0) || mb*(1<<20) >= math.MaxInt64 {
		return l, fmt.Errorf("limits: %s=%q is not a positive number of megabytes", EnvMaxFileMB, s)
	}
	l.FileBytes = max(1, int64(mb*(1<<20)))
	return l, nil
}

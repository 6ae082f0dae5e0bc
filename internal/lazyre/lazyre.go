// Package lazyre compiles a regular expression on its first use instead of
// at package initialization. Every package initializer runs before the
// server can answer a host, whatever the host asks: the ten expressions
// of the packages on the server's start-up path cost about 0.16 ms of
// every start when they were compiled there, most of them for calls that
// never come in a session.
package lazyre

import (
	"regexp"
	"sync"
)

// New returns a function that compiles expr the first time it is called
// and returns the same expression afterwards. Like regexp.MustCompile, it
// panics if expr does not compile, at the first call: the expressions it
// takes are constants of the program, which their package's tests use.
func New(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

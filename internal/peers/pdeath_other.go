//go:build !linux

package peers

import "syscall"

// dieWithTest does nothing here: Stop and the test's cleanup stop the
// process.
func dieWithTest(*syscall.SysProcAttr) {}

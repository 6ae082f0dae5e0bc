package peers

import "syscall"

// dieWithTest makes the kernel kill the process when the test process
// that started it dies, even by SIGKILL.
func dieWithTest(a *syscall.SysProcAttr) { a.Pdeathsig = syscall.SIGKILL }

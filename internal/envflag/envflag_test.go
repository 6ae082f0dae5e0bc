package envflag

import (
	"flag"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestPrecedence: the command line wins over the variable, the variable
// over the default; a malformed variable is reported and leaves the
// default.
func TestPrecedence(t *testing.T) {
	env := map[string]string{
		"APP_NAME":    "from-env",
		"APP_COUNT":   "seven",
		"APP_VERBOSE": "true",
		"APP_WAIT":    "2m",
		"APP_DIR":     "a, b,,c",
	}
	fs := flag.NewFlagSet("app", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f := New(fs, "APP_", func(k string) string { return env[k] })
	var (
		name, other string
		count       int
		verbose     bool
		wait        time.Duration
		dirs, tags  []string
	)
	f.String(&name, "name", "def", "")
	f.String(&other, "other-name", "def", "")
	f.Int(&count, "count", 3, "")
	f.Bool(&verbose, "verbose", false, "")
	f.Duration(&wait, "wait", time.Second, "")
	f.Strings(&dirs, "dir", "")
	f.Strings(&tags, "tag", "")
	if err := fs.Parse([]string{"--name", "from-flag", "--tag", "x"}); err != nil {
		t.Fatal(err)
	}
	if name != "from-flag" || other != "def" || count != 3 || !verbose || wait != 2*time.Minute {
		t.Errorf("name %q, other %q, count %d, verbose %v, wait %s", name, other, count, verbose, wait)
	}
	if !reflect.DeepEqual(dirs, []string{"a", "b", "c"}) || !reflect.DeepEqual(tags, []string{"x"}) {
		t.Errorf("dirs %q, tags %q", dirs, tags)
	}
	if errs := f.Errs(); len(errs) != 1 || !strings.Contains(errs[0].Error(), `APP_COUNT="seven": want a whole number`) {
		t.Errorf("errs %v", errs)
	}
	fs2 := flag.NewFlagSet("app", flag.ContinueOnError)
	fs2.SetOutput(io.Discard)
	g := New(fs2, "APP_", func(k string) string { return env[k] })
	var d2 []string
	g.Strings(&d2, "dir", "")
	if err := fs2.Parse([]string{"--dir", "p", "--dir", "q"}); err != nil || !reflect.DeepEqual(d2, []string{"p", "q"}) {
		t.Errorf("the command line's list replaces the variable's: %q, %v", d2, err)
	}
	var help strings.Builder
	f.PrintDefaults(&help)
	if n := strings.Count(help.String(), "\n      env APP_"); n != 7 || !strings.Contains(help.String(), "  --other-name string\n") || !strings.Contains(help.String(), "env APP_OTHER_NAME\n") {
		t.Errorf("%d rows in --help:\n%s", n, help.String())
	}
}

package lazyre

import (
	"sync"
	"testing"
)

func TestCompiledOnceOnFirstUse(t *testing.T) {
	re := New(`^[a-z]+$`)
	var wg sync.WaitGroup
	got := make(chan any, 8)
	for range 8 {
		wg.Go(func() { got <- re() })
	}
	wg.Wait()
	close(got)
	first := re()
	for r := range got {
		if r != first {
			t.Fatal("concurrent first calls compiled the expression more than once")
		}
	}
	if !first.MatchString("abc") || first.MatchString("ab1") {
		t.Errorf("%s matches wrongly", first)
	}
}

func TestBadExpressionPanicsAtFirstUse(t *testing.T) {
	re := New(`(`) // New itself must not compile it
	defer func() {
		if recover() == nil {
			t.Error("a bad expression did not panic at its first use")
		}
	}()
	re()
}

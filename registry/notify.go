package registry

import "sync"

// notifier runs the subscribers' turns one at a time in ticket order. The
// registry hands out tickets under its lock, in the order it makes
// snapshots, and runs each turn with every lock released; so subscribers see
// every change exactly once, in order, and may read the registry meanwhile.
type notifier struct {
	mu   sync.Mutex
	cond sync.Cond
	next uint64 // the ticket whose turn it is

	// subs is read and written only in a turn; turns are serialized.
	subs []func(*Snapshot)
}

func (n *notifier) init() { n.cond.L = &n.mu }

// inTurn waits for ticket t's turn, runs f with the subscribers, and passes
// the turn on, even if f panics. Every ticket handed out must be used
// exactly once, or the turns after it never come.
func (n *notifier) inTurn(t uint64, f func(subs *[]func(*Snapshot))) {
	n.mu.Lock()
	for n.next != t {
		n.cond.Wait()
	}
	n.mu.Unlock()
	defer func() {
		n.mu.Lock()
		n.next++
		n.cond.Broadcast()
		n.mu.Unlock()
	}()
	f(&n.subs)
}

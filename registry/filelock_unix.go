//go:build unix

package registry

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// lock takes the state directory's lock: the in-process mutex, then an
// exclusive flock on sources.lock, which other processes on this machine
// (and, where the file system supports it, on others) respect. It waits
// until ctx ends. The returned func releases both.
func (s *FileStore) lock(ctx context.Context) (func(), error) {
	if err := ctx.Err(); err != nil {
		return nil, context.Cause(ctx)
	}
	s.mu.Lock()
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		s.mu.Unlock()
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(s.dir, lockFileName), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		s.mu.Unlock()
		return nil, fmt.Errorf("open the lock file: %w", err)
	}
	fd := int(f.Fd())
	for wait := time.Millisecond; ; wait = min(2*wait, 20*time.Millisecond) {
		err = syscall.Flock(fd, syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			break
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			f.Close()
			s.mu.Unlock()
			return nil, fmt.Errorf("lock %s: %w", f.Name(), err)
		}
		select {
		case <-ctx.Done():
			f.Close()
			s.mu.Unlock()
			return nil, fmt.Errorf("waiting for another process's change of %s: %w", s.dir, context.Cause(ctx))
		case <-time.After(wait):
		}
	}
	return func() {
		syscall.Flock(fd, syscall.LOCK_UN)
		f.Close()
		s.mu.Unlock()
	}, nil
}

// inode is the file's inode number: a renamed-in file has a new one.
func inode(fi os.FileInfo) uint64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Ino)
	}
	return 0
}

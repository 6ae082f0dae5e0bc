//go:build !unix

package registry

import (
	"context"
	"os"
)

// lock serializes changes within this process only: on this system the
// state directory is not locked against other processes.
func (s *FileStore) lock(ctx context.Context) (func(), error) {
	if err := ctx.Err(); err != nil {
		return nil, context.Cause(ctx)
	}
	s.mu.Lock()
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		s.mu.Unlock()
		return nil, err
	}
	return s.mu.Unlock, nil
}

// inode is unknown here; size and time tell versions apart.
func inode(os.FileInfo) uint64 { return 0 }

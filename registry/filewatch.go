package registry

import (
	"context"
	"os"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
)

// pollInterval is how often Watch looks at sources.json itself, in case a
// file system notification is lost or the file system sends none (network
// file systems). A look is one stat.
const pollInterval = time.Second

// Watch reports every change of sources.json, made by this process or
// another: file system notifications on the state directory, and a stat of
// sources.json every second. It creates the state directory if needed.
// A change this process made is reported too; Reload finds nothing new in
// it.
func (s *FileStore) Watch(ctx context.Context) (<-chan struct{}, error) {
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return nil, err
	}
	w, err := fsnotify.NewWatcher()
	if err == nil {
		if err = w.Add(s.dir); err != nil {
			w.Close()
		}
	}
	var events <-chan fsnotify.Event
	var errs <-chan error
	if err != nil {
		w = nil
		if s.log != nil {
			s.log.Warn("no file system notifications for the state directory; changes made by other processes are seen within a second", "dir", s.dir, "err", err)
		}
	} else {
		events, errs = w.Events, w.Errors
	}
	ch := make(chan struct{}, 1)
	tell := func() {
		select {
		case ch <- struct{}{}:
		default: // a report is already pending
		}
	}
	go func() {
		defer close(ch)
		if w != nil {
			defer w.Close()
		}
		tick := time.NewTicker(pollInterval)
		defer tick.Stop()
		last := s.stamp()
		for {
			select {
			case <-ctx.Done():
				return
			case ev, ok := <-events:
				if !ok {
					events = nil
					continue
				}
				if filepath.Base(ev.Name) == stateFileName {
					last = s.stamp()
					tell()
				}
			case _, ok := <-errs:
				if !ok {
					errs = nil
				}
			case <-tick.C:
				if now := s.stamp(); now != last {
					last = now
					tell()
				}
			}
		}
	}()
	return ch, nil
}

// fileStamp tells two versions of sources.json apart without reading it:
// every change renames a new file into place.
type fileStamp struct {
	ino   uint64
	size  int64
	mtime time.Time
}

// stamp describes sources.json as it is now; the zero stamp is no file.
func (s *FileStore) stamp() fileStamp {
	fi, err := os.Stat(s.stateFile())
	if err != nil {
		return fileStamp{}
	}
	return fileStamp{ino: inode(fi), size: fi.Size(), mtime: fi.ModTime()}
}

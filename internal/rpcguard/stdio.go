package rpcguard

import (
	"bufio"
	"io"
	"sync"

	"github.com/mark3labs/mcp-go/mcp"
)

// Stdio stands between stdio and mcp-go's stdio server: each line of
// stdin that Check refuses (a batch, a null id, an unknown protocol
// version) is answered on stdout here; the others go on to the server,
// through the returned reader. Both write through the returned writer,
// one whole message per Write, so answers never interleave. written, when
// not nil, is called after each message has been written.
func Stdio(stdin io.Reader, stdout io.Writer, written func()) (io.Reader, io.Writer) {
	out := &lockedWriter{w: stdout, written: written}
	pr, pw := io.Pipe()
	go func() {
		br := bufio.NewReaderSize(stdin, 64<<10)
		for {
			line, err := br.ReadBytes('\n')
			if len(line) > 0 {
				if r := Check(line, "", mcp.IsValidProtocolVersion); r != nil {
					_, _ = out.Write(append(r.JSON(), '\n'))
				} else if _, werr := pw.Write(line); werr != nil {
					return // the server stopped reading
				}
			}
			if err != nil {
				pw.CloseWithError(err) // io.EOF ends the server's read as stdin's would
				return
			}
		}
	}()
	return pr, out
}

// lockedWriter makes each Write whole with respect to the others.
type lockedWriter struct {
	mu      sync.Mutex
	w       io.Writer
	written func()
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	if l.written != nil {
		defer l.written()
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

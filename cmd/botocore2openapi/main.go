// Command botocore2openapi converts a botocore JSON service model of an AWS
// JSON protocol service, with its paginators, into an OpenAPI 3.0 document
// (see package botocore).
//
//	botocore2openapi -model service-2.json -paginators paginators-1.json -output api.openapi.json
//
// Without -output the document goes to standard output. The output file is
// written only when its content changes.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/cognito-mcp/cognito-mcp/botocore"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "botocore2openapi:", err)
		}
		os.Exit(2)
	}
}

// run parses the flags, converts and writes the document.
func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("botocore2openapi", flag.ContinueOnError)
	fs.SetOutput(stderr)
	model := fs.String("model", "", "the botocore service model (service-2.json); required")
	pages := fs.String("paginators", "", "the model's paginators-1.json; optional")
	output := fs.String("output", "", "where to write the OpenAPI document; standard output when empty")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *model == "" || fs.NArg() > 0 {
		fs.Usage()
		return errors.New("pass -model FILE (and optionally -paginators FILE and -output FILE), nothing else")
	}
	m, err := os.ReadFile(*model)
	if err != nil {
		return err
	}
	var p []byte
	if *pages != "" {
		if p, err = os.ReadFile(*pages); err != nil {
			return err
		}
	}
	doc, err := botocore.Convert(m, p)
	if err != nil {
		return fmt.Errorf("%s: %w", *model, err)
	}
	if *output == "" {
		_, err := stdout.Write(doc)
		return err
	}
	if old, err := os.ReadFile(*output); err == nil && bytes.Equal(old, doc) {
		return nil
	}
	return os.WriteFile(*output, doc, 0o644)
}

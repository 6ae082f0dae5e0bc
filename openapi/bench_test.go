package openapi

import (
	"os"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// BenchmarkLoadCognito measures Load of the embedded document; compare it
// with BenchmarkKinLoadCognito, kin-openapi's parse and $ref resolution
// alone, which Load cannot avoid.
func BenchmarkLoadCognito(b *testing.B) {
	data := readBench(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(data, Options{Namespace: "cognito"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkKinLoadCognito is the baseline: kin-openapi's LoadFromData.
func BenchmarkKinLoadCognito(b *testing.B) {
	data := readBench(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := openapi3.NewLoader().LoadFromData(data); err != nil {
			b.Fatal(err)
		}
	}
}

func readBench(b *testing.B) []byte {
	b.Helper()
	data, err := os.ReadFile("testdata/cognito-idp.openapi.yaml")
	if err != nil {
		b.Fatal(err)
	}
	return data
}

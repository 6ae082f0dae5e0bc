// Package schemagen generates JSON instances from a JSON Schema 2020-12
// document, for tests: values meant to be valid (every property, only the
// required ones, each enum value, each bound reached) and values meant to
// break exactly one rule (a wrong type, a value out of the enum, a string
// one character too short or too long, a number past a bound, a pattern
// mismatch, a missing required member, an unexpected property), at every
// level of nesting.
//
//	for _, in := range schemagen.Generate(schema) {
//		err := compiled.Validate(in.Value)
//		...
//	}
//
// The intent of an instance (Instance.Valid) is the generator's best
// effort; a validator has the final word, and tests that compare two
// schemas compare their verdicts rather than the intent. It follows local
// "#/$defs/..." references and stops at a fixed depth, so recursive
// schemas terminate. It never validates and does no I/O.
package schemagen

package openapi

import "testing"

func TestPortablePattern(t *testing.T) {
	tests := []struct {
		p    string
		want bool
	}{
		// Every pattern of the Cognito document except the lookbehind.
		{`[\p{L}\p{M}\p{S}\p{N}\p{P}]+`, true},
		{`[\S]+`, true},
		{`[\w\s+=,.@-]+`, true},
		{`[\x21\x23-\x5B\x5D-\x7E]+`, true},
		{`^[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?$`, true},
		{`arn:[\w+=/,.@-]+:[\w+=/,.@-]+:([\w+=/,.@-]*)?:[0-9]+:[\w+=/,.@-]+(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?`, true},
		{`[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*\{####\}[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*`, true},
		{`.*\{####\}.*`, true},
		{`[A-Za-z0-9-_=.]+`, true},
		{`[\w-]+_[0-9a-zA-Z]+`, true},
		{`^[0-9A-Za-z\.\-_]*(?<!\.)$`, false}, // lookbehind: Go cannot
		{`(?=x)`, false},
		{`(a)\1`, false},
		{`(?i)abc`, false},     // inline flags: JavaScript cannot
		{`(?P<n>a)`, false},    // Python-style group name
		{`(?<n>a)`, true},      // both accept
		{`\pL+`, false},        // braces required in JavaScript
		{`\p{Greek}`, false},   // scripts need Script= in JavaScript
		{`\x{41}`, false},      // Go-only hex form
		{`\Aabc\z`, false},     // Go-only anchors
		{`[[:alpha:]]`, false}, // POSIX class
		{`a{`, false},          // lone brace
		{`a{2,3}b{4}c{1,}`, true},
		{`\_`, false}, // identity escape of a non-syntax character
		{`\/path\.`, true},
		{`a]`, false},
		{`[`, false},
	}
	for _, tt := range tests {
		if got := portablePattern(tt.p); got != tt.want {
			t.Errorf("portablePattern(%q) = %v, want %v", tt.p, got, tt.want)
		}
	}
}

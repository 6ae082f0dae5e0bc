package openapi

import (
	"strings"
	"testing"
)

func TestPlainText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Plain text.", "Plain text."},
		{"<p>Adds the user.</p> <p>Requires developer credentials.</p>", "Adds the user.\n\nRequires developer credentials."},
		{"Tom &amp; Jerry &lt;3 &#39;quoted&#39; &quot;x&quot; &#x41;", "Tom & Jerry <3 'quoted' \"x\" A"},
		{`see <a href="https://example.com/a?b=1&amp;c=2">the  guide</a>.`, "see the guide."},
		{"In <i> <a href=\"x\">sandbox mode</a> </i>, you can", "In sandbox mode, you can"},
		{"<ul> <li> <p>One.</p> </li> <li> <p>Two.</p> </li> </ul> <p>After.</p>", "- One.\n- Two.\n\nAfter."},
		{"line<br/>break<br>again", "line\nbreak\nagain"},
		{"<note> <p>Careful.</p> </note>", "Careful."},
		{"a <code>x &lt; y</code> b", "a x < y b"},
		{"<!-- hidden --> shown", "shown"},
		{"<p>spaces   \n\t collapse</p>", "spaces collapse"},
		{"<b>unclosed", "unclosed"},
		{"x < y and y > z", "x < y and y > z"},
		{"Markdown\n\n- item one\n- item two\n\n\n\nend  ", "Markdown\n\n- item one\n- item two\n\nend"},
		{"  indented code\n    keeps indent", "  indented code\n    keeps indent"},
		{"<p>Use the .NET SDK.</p>", "Use the .NET SDK."},
	}
	for _, tt := range tests {
		if got := plainText(tt.in); got != tt.want {
			t.Errorf("plainText(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestCapText(t *testing.T) {
	s := strings.Repeat("A sentence here. ", 20)
	got := capText(s, 100)
	if len(got) > 100 || !strings.HasSuffix(got, "here.") {
		t.Errorf("capText = %q", got)
	}
	if got := capText("short", 100); got != "short" {
		t.Errorf("capText(short) = %q", got)
	}
	got = capText(strings.Repeat("word ", 50), 40)
	if len(got) > 44 || !strings.HasSuffix(got, " ...") {
		t.Errorf("capText(words) = %q", got)
	}
}

package search

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// Doc is one searchable tool.
type Doc struct {
	// Name is the tool's MCP name, e.g. "cognito_admin_disable_user".
	Name string
	// Path is the tool path, e.g. "pet.addPet".
	Path string
	// Title is the tool's title (the operationId for OpenAPI tools).
	Title string
	// Description is the tool's full description, plain text.
	Description string
	// Source is the namespace of the source the tool comes from.
	Source string
	// Params are the names of the tool's input properties, nested ones
	// included (see ParamNames).
	Params []string
	// ReadOnly is the tool's readOnlyHint.
	ReadOnly bool
}

// Options narrow a search. The zero value searches every doc and returns
// every hit.
type Options struct {
	// Limit caps the number of hits returned; 0 or less means no cap.
	Limit int
	// Source, when set, keeps only docs of that source.
	Source string
	// ReadOnly keeps only read-only docs.
	ReadOnly bool
}

// Hit is a doc that matched, with its score (higher is better; only the
// order means something).
type Hit struct {
	Doc
	Score float64
}

// Index ranks docs for plain-language queries. It is immutable once New
// returns it, so any number of goroutines may search it at once.
type Index struct {
	docs  []Doc
	terms map[string][]posting
	names [][]string // per doc: its distinct name and title words, see nameWords
}

// posting is one doc containing a term, with the term's contribution to
// the doc's score: IDF times the saturated, length-normalised frequency.
type posting struct {
	doc   int32
	score float32
}

// field is a part of a doc that is indexed on its own.
type field uint8

const (
	fieldName        field = iota // MCP name
	fieldPath                     // tool path, without the words most of its source shares
	fieldTitle                    // title (operationId)
	fieldParams                   // input property names
	fieldSummary                  // first sentence of the description
	fieldDesc                     // whole description
	fieldPair                     // ordered pairs of nearby name and title words
	fieldParamPair                // ordered pairs of adjacent words of a parameter name
	fieldSummaryPair              // ordered pairs of adjacent words of the summary
	numFields
)

// BM25F parameters. A word in a tool's name says much more about what the
// tool does than the same word in its description; parameter names are in
// between. Pairs reward word order: "users in group" against "groups for
// user".
var (
	fieldWeight = [numFields]float64{
		fieldName: 2, fieldPath: 1, fieldTitle: 1, fieldParams: 0.6,
		fieldSummary: 1, fieldDesc: 0.3, fieldPair: 1.2, fieldParamPair: 0.5,
		fieldSummaryPair: 0.6,
	}
	fieldB = [numFields]float64{
		fieldName: 0.75, fieldPath: 0.75, fieldTitle: 0.75, fieldParams: 0.75,
		fieldSummary: 0.75, fieldDesc: 0.75, fieldPair: 0, fieldParamPair: 0.75,
		fieldSummaryPair: 0.75,
	}
)

const k1 = 2.0

// fieldTerm is one occurrence of a term in a field of a doc.
type fieldTerm struct {
	term  string
	field field
	tf    float64 // 1, or less for a pair of words apart
}

// New indexes docs. The Index keeps the slice: callers must not change it
// afterwards.
func New(docs []Doc) *Index {
	perDoc := make([][]fieldTerm, len(docs))
	lens := make([][numFields]int, len(docs))
	common := commonParagraphs(docs)
	tk := &tokenizer{cache: make(map[string]string, 4096)}
	for i := range docs {
		perDoc[i] = docTerms(&docs[i], common, tk)
	}
	dropCommonPathTerms(docs, perDoc)
	names := nameWords(docs, perDoc)

	var total [numFields]float64
	for i, fts := range perDoc {
		for _, ft := range fts {
			lens[i][ft.field]++
		}
		for f := range numFields {
			total[f] += float64(lens[i][f])
		}
	}
	var avg [numFields]float64
	for f := range numFields {
		avg[f] = total[f] / float64(max(len(docs), 1))
	}

	// Terms get dense ids in order of first appearance, so that a doc's
	// frequencies add up in a slice rather than a map.
	ids := map[string]int32{}
	var termNames []string
	var raw [][]rawPosting
	var tf []float64
	var touched []int32
	for i, fts := range perDoc {
		for _, ft := range fts {
			id, ok := ids[ft.term]
			if !ok {
				id = int32(len(termNames))
				ids[ft.term] = id
				termNames = append(termNames, ft.term)
				raw = append(raw, nil)
				tf = append(tf, 0)
			}
			norm := 1.0
			if avg[ft.field] > 0 {
				norm = 1 - fieldB[ft.field] + fieldB[ft.field]*float64(lens[i][ft.field])/avg[ft.field]
			}
			if tf[id] == 0 {
				touched = append(touched, id)
			}
			tf[id] += ft.tf * fieldWeight[ft.field] / norm
		}
		for _, id := range touched {
			raw[id] = append(raw[id], rawPosting{int32(i), tf[id]})
			tf[id] = 0
		}
		touched = touched[:0]
	}

	ix := &Index{docs: docs, terms: make(map[string][]posting, len(raw)), names: names}
	n := float64(len(docs))
	for id, rps := range raw {
		df := float64(len(rps))
		idf := math.Log(1 + (n-df+0.5)/(df+0.5))
		ps := make([]posting, len(rps))
		for j, rp := range rps {
			ps[j] = posting{rp.doc, float32(idf * rp.tf * (k1 + 1) / (rp.tf + k1))}
		}
		ix.terms[termNames[id]] = ps
	}
	return ix
}

type rawPosting struct {
	doc int32
	tf  float64
}

// docTerms lists the terms of every field of d. Paragraphs of the
// description found in common are left out.
func docTerms(d *Doc, common map[string]bool, tk *tokenizer) []fieldTerm {
	out := make([]fieldTerm, 0, 32+len(d.Description)/6)
	add := func(f field) func(string) {
		return func(t string) { out = append(out, fieldTerm{t, f, 1}) }
	}
	var nameWords, titleWords []string
	tk.terms(d.Name, func(t string) {
		nameWords = append(nameWords, t)
		out = append(out, fieldTerm{t, fieldName, 1})
	})
	tk.terms(d.Title, func(t string) {
		titleWords = append(titleWords, t)
		out = append(out, fieldTerm{t, fieldTitle, 1})
	})
	tk.terms(d.Path, add(fieldPath))
	for _, p := range d.Params {
		tk.terms(p, add(fieldParams))
	}
	summary := Summary(d.Description)
	tk.terms(summary, add(fieldSummary))
	for _, p := range paragraphs(d.Description) {
		if !common[p] {
			tk.terms(p, add(fieldDesc))
		}
	}

	out = appendPairs(tk, out, fieldPair, maxPairGap, nameWords, titleWords)
	var summaryWords []string
	tk.terms(summary, func(t string) { summaryWords = append(summaryWords, t) })
	out = appendPairs(tk, out, fieldSummaryPair, 1, summaryWords)
	var words []string
	for _, p := range d.Params {
		words = words[:0]
		tk.terms(p, func(t string) { words = append(words, t) })
		out = appendPairs(tk, out, fieldParamPair, 1, words)
	}
	return out
}

// maxPairGap is how far apart two words of a name may be and still make a
// pair: "list user pool client" pairs list with client, at a third of the
// weight of neighbours.
const maxPairGap = 3

// appendPairs adds the ordered pairs of words at most gap apart in each of
// lists, each pair once, weighted 1/distance (the closest occurrence wins).
func appendPairs(tk *tokenizer, out []fieldTerm, f field, gap int, lists ...[]string) []fieldTerm {
	start := len(out)
	for _, words := range lists {
		for i := range words {
			for j := i + 1; j < len(words) && j-i <= gap; j++ {
				if words[i] == words[j] {
					continue
				}
				p, tf := tk.pair(words[i], words[j]), 1/float64(j-i)
				k := slices.IndexFunc(out[start:], func(ft fieldTerm) bool { return ft.term == p })
				if k < 0 {
					out = append(out, fieldTerm{p, f, tf})
				} else if out[start+k].tf < tf {
					out[start+k].tf = tf
				}
			}
		}
	}
	return out
}

// boilerplateDocs is how many docs a paragraph must appear in, verbatim,
// to count as boilerplate ("Calling this action requires developer
// credentials.", a notice about SMS sandboxes): such text says nothing
// about what one tool does, and would make every tool that carries it match
// "sms", "sign in" or "account".
const boilerplateDocs = 5

// commonParagraphs returns the description paragraphs found in at least
// boilerplateDocs docs.
func commonParagraphs(docs []Doc) map[string]bool {
	count := map[string]int{}
	for i := range docs {
		for _, p := range paragraphs(docs[i].Description) {
			count[p]++
		}
	}
	common := map[string]bool{}
	for p, n := range count {
		if n >= boilerplateDocs {
			common[p] = true
		}
	}
	return common
}

// paragraphs splits a description at blank lines, each paragraph trimmed,
// a paragraph repeated within the description kept once.
func paragraphs(s string) []string {
	var out []string
	for p := range strings.SplitSeq(s, "\n\n") {
		if p = strings.TrimSpace(p); p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// nameWords returns, for each doc, the distinct words of its name and title
// that fewer than half of its source's names share (not "cognito" in
// "cognito_admin_create_user"), for coverage.
func nameWords(docs []Doc, perDoc [][]fieldTerm) [][]string {
	out := make([][]string, len(docs))
	for i, fts := range perDoc {
		for _, ft := range fts {
			if (ft.field == fieldName || ft.field == fieldTitle) && !slices.Contains(out[i], ft.term) {
				out[i] = append(out[i], ft.term)
			}
		}
	}
	for _, idx := range bySource(docs) {
		if len(idx) < minSourceDocs {
			continue
		}
		df := map[string]int{}
		for _, i := range idx {
			for _, w := range out[i] {
				df[w]++
			}
		}
		for _, i := range idx {
			out[i] = slices.DeleteFunc(out[i], func(w string) bool { return df[w]*2 > len(idx) })
		}
	}
	return out
}

// minSourceDocs is how many docs a source needs before words most of its
// docs share are treated as noise.
const minSourceDocs = 8

// bySource groups doc indexes by source, in a fixed order.
func bySource(docs []Doc) [][]int {
	m := map[string][]int{}
	var order []string
	for i := range docs {
		if _, ok := m[docs[i].Source]; !ok {
			order = append(order, docs[i].Source)
		}
		m[docs[i].Source] = append(m[docs[i].Source], i)
	}
	out := make([][]int, len(order))
	for j, src := range order {
		out[j] = m[src]
	}
	return out
}

// dropCommonPathTerms removes, from the path field of each source with
// enough docs, the terms more than half of that source's paths share (the
// "x amz target aws cognito identity provider service" every Cognito
// path starts with): they would otherwise make "identity provider" look
// common.
func dropCommonPathTerms(docs []Doc, perDoc [][]fieldTerm) {
	for _, idx := range bySource(docs) {
		if len(idx) < minSourceDocs {
			continue
		}
		df := map[string]int{}
		for _, i := range idx {
			seen := map[string]bool{}
			for _, ft := range perDoc[i] {
				if ft.field == fieldPath && !seen[ft.term] {
					seen[ft.term] = true
					df[ft.term]++
				}
			}
		}
		for _, i := range idx {
			perDoc[i] = slices.DeleteFunc(perDoc[i], func(ft fieldTerm) bool {
				return ft.field == fieldPath && df[ft.term]*2 > len(idx)
			})
		}
	}
}

// coverageWeight is how much a doc's score grows when the query names
// every word of its name: "create a user pool" prefers CreateUserPool to
// CreateUserPoolDomain, which BM25's saturation alone barely separates.
const coverageWeight = 1.5

// questionBoost is how much a read-only doc's score grows for a query
// that asks a question.
const questionBoost = 0.5

// coverage is the share of doc i's name words the query has, each counted
// with the weight of the query term (a synonym counts less).
func (ix *Index) coverage(i int, weights map[string]float64) float64 {
	words := ix.names[i]
	if len(words) == 0 {
		return 0
	}
	sum := 0.0
	for _, w := range words {
		sum += weights[w]
	}
	return sum / float64(len(words))
}

// Search ranks the docs for query, best first, and returns at most
// opts.Limit of them with the number of docs that matched before the
// limit. Equal scores are ordered by Name, then Source, so the same index
// and query always give the same hits. A query with no known word matches
// nothing.
func (ix *Index) Search(query string, opts Options) (hits []Hit, total int) {
	q := parseQuery(query)
	if len(q.terms) == 0 {
		return nil, 0
	}
	scores := make([]float64, len(ix.docs))
	for _, list := range [][]weighted{q.terms, q.pairs()} {
		for _, w := range list {
			for _, p := range ix.terms[w.term] {
				scores[p.doc] += w.weight * float64(p.score)
			}
		}
	}
	weights := make(map[string]float64, len(q.terms))
	for _, w := range q.terms {
		weights[w.term] = w.weight
	}
	type scored struct {
		doc   int
		score float64
	}
	var found []scored
	for i, s := range scores {
		if s <= 0 {
			continue
		}
		d := &ix.docs[i]
		if opts.Source != "" && d.Source != opts.Source || opts.ReadOnly && !d.ReadOnly {
			continue
		}
		s *= 1 + coverageWeight*ix.coverage(i, weights)
		if q.question && d.ReadOnly {
			s *= 1 + questionBoost
		}
		found = append(found, scored{i, s})
	}
	slices.SortFunc(found, func(a, b scored) int {
		da, db := &ix.docs[a.doc], &ix.docs[b.doc]
		return cmp.Or(
			cmp.Compare(b.score, a.score),
			cmp.Compare(da.Name, db.Name),
			cmp.Compare(da.Source, db.Source),
			cmp.Compare(a.doc, b.doc),
		)
	})
	total = len(found)
	if opts.Limit > 0 && len(found) > opts.Limit {
		found = found[:opts.Limit]
	}
	if len(found) == 0 {
		return nil, 0
	}
	hits = make([]Hit, len(found))
	for j, f := range found {
		hits[j] = Hit{Doc: ix.docs[f.doc], Score: f.score}
	}
	return hits, total
}

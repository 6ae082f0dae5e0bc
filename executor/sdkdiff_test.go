package executor

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/internal/cognitotest"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/document"
)

// TestSameWireAsSDK sends every operation the AWS SDK for Go has, with
// arguments generated from the tool's input schema (required members only,
// and every member), through the executor and through the SDK's client
// (the same JSON unmarshalled into the SDK's input struct) to one local
// upstream, and finds the same X-Amz-Target, Content-Type, JSON body and
// the same choice to sign or not. Both have the same static credentials
// and region. The three operations the SDK lacks (notInSDK) are sent by
// the executor alone and must be signed, as the model says.
func TestSameWireAsSDK(t *testing.T) {
	up := cognitotest.NewStub(t)
	client := cip.New(cip.Options{
		Region:       cognitotest.Region,
		Credentials:  credentials.NewStaticCredentialsProvider(cognitotest.AccessKey, cognitotest.SecretKey, ""),
		BaseEndpoint: aws.String(up.URL),
		Retryer:      aws.NopRetryer{},
	})
	sdk := sdkOperations(client)
	e := New(Options{AWS: cognitotest.Config(up.URL)})
	ctx := context.Background()

	tools := embeddedCognito(t)
	compared := 0
	dropped := map[string]bool{}
	for _, op := range slices.Sorted(maps.Keys(tools)) {
		tool := tools[op]
		for _, style := range []instanceStyle{{}, {all: true}} {
			argsJSON := genInstance(t, tool.InputSchema, style)
			method, inSDK := sdk[op]
			var in reflect.Value
			if inSDK {
				// Fill the SDK's input first: members of the model the SDK
				// does not have yet are dropped from both calls.
				in = reflect.New(method.Type().In(1).Elem())
				var decoded any
				if err := json.Unmarshal(argsJSON, &decoded); err != nil {
					t.Fatal(err)
				}
				if err := fillSDK(in, decoded, op, dropped); err != nil {
					t.Errorf("%s (%s): the arguments do not fit the SDK's %s: %v", op, style, in.Type().Elem().Name(), err)
					continue
				}
				argsJSON, _ = json.Marshal(decoded)
			}
			var args map[string]any
			if err := json.Unmarshal(argsJSON, &args); err != nil {
				t.Fatal(err)
			}
			before := len(up.Requests())
			if _, err := e.Call(ctx, tool, nil, args); err != nil {
				t.Errorf("%s (%s): executor: %v", op, style, err)
				continue
			}
			if !inSDK {
				if !slices.Contains(notInSDK, op) {
					t.Errorf("%s: not in the SDK", op)
				} else if up.Requests()[before].Header.Get("Authorization") == "" {
					t.Errorf("%s (%s): sent unsigned; the model gives it no auth trait, so SigV4", op, style)
				}
				continue
			}
			out := method.Call([]reflect.Value{reflect.ValueOf(ctx), in})
			if err, _ := out[1].Interface().(error); err != nil {
				t.Errorf("%s (%s): SDK: %v", op, style, err)
				continue
			}
			reqs := up.Requests()
			if len(reqs) != before+2 {
				t.Fatalf("%s (%s): %d requests, want 2", op, style, len(reqs)-before)
			}
			if diff := wireDiff(reqs[before], reqs[before+1]); diff != "" {
				t.Errorf("%s (%s): executor and SDK differ: %s\nargs %s", op, style, diff, argsJSON)
			}
			compared++
		}
	}
	if compared != 2*126 {
		t.Errorf("compared %d calls, want %d (126 operations, two argument sets each)", compared, 2*126)
	}
	if got := slices.Sorted(maps.Keys(dropped)); !slices.Equal(got, newerThanSDK) {
		t.Errorf("members the SDK lacks: %v, want %v", got, newerThanSDK)
	}
}

// newerThanSDK are the input members of the model (2026-07-24) that the
// SDK v1.61.0 does not have yet, as operation.path.
var newerThanSDK = []string{
	"CreateUserImportJob.PasswordHashingAlgorithm",
	"CreateUserPool.SmsConfiguration.EumsSms",
	"CreateUserPoolDomain.CustomDomainConfig.SecurityPolicy",
	"SetUserPoolMfaConfig.SmsMfaConfiguration.SmsConfiguration.EumsSms",
	"UpdateUserPool.SmsConfiguration.EumsSms",
	"UpdateUserPoolDomain.CustomDomainConfig.SecurityPolicy",
}

// wireDiff says how two cognitotest.Captured requests differ in what the test
// compares, or "".
func wireDiff(ours, sdk cognitotest.Captured) string {
	var diffs []string
	for _, h := range []string{"X-Amz-Target", "Content-Type"} {
		if a, b := ours.Header.Get(h), sdk.Header.Get(h); a != b {
			diffs = append(diffs, fmt.Sprintf("%s %q, SDK %q", h, a, b))
		}
	}
	if a, b := ours.Header.Get("Authorization") != "", sdk.Header.Get("Authorization") != ""; a != b {
		diffs = append(diffs, fmt.Sprintf("signed %v, SDK signed %v", a, b))
	}
	var a, b any
	if err := json.Unmarshal(ours.Body, &a); err != nil {
		diffs = append(diffs, "our body is not JSON: "+err.Error())
	}
	if err := json.Unmarshal(sdk.Body, &b); err != nil {
		diffs = append(diffs, "the SDK's body is not JSON: "+err.Error())
	}
	if !reflect.DeepEqual(a, b) {
		diffs = append(diffs, fmt.Sprintf("body %s, SDK %s", ours.Body, sdk.Body))
	}
	return strings.Join(diffs, "; ")
}

// fillSDK sets v, a value of the SDK's types, from x, decoded JSON at path,
// as the SDK's own JSON deserializer would: members by name (in any case),
// blobs from base64, documents as lazy documents. A member the SDK's type
// does not have is deleted from x and recorded in dropped.
func fillSDK(v reflect.Value, x any, path string, dropped map[string]bool) error {
	if x == nil {
		return nil
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		return fillSDK(v.Elem(), x, path, dropped)
	case reflect.Interface:
		if v.Type() != reflect.TypeFor[document.Interface]() {
			return fmt.Errorf("interface %s", v.Type())
		}
		v.Set(reflect.ValueOf(document.NewLazyDocument(x)))
		return nil
	case reflect.Struct:
		m, ok := x.(map[string]any)
		if !ok {
			return fmt.Errorf("%T for struct %s", x, v.Type())
		}
		for name, val := range m {
			f := v.FieldByNameFunc(func(field string) bool { return strings.EqualFold(field, name) })
			if !f.IsValid() {
				dropped[path+"."+name] = true
				delete(m, name)
				continue
			}
			if err := fillSDK(f, val, path+"."+name, dropped); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		}
		return nil
	case reflect.String:
		s, ok := x.(string)
		if !ok {
			return fmt.Errorf("%T for string", x)
		}
		v.SetString(s)
		return nil
	case reflect.Bool:
		b, ok := x.(bool)
		if !ok {
			return fmt.Errorf("%T for bool", x)
		}
		v.SetBool(b)
		return nil
	case reflect.Int32, reflect.Int64:
		f, ok := x.(float64)
		if !ok || v.OverflowInt(int64(f)) {
			return fmt.Errorf("%v for %s", x, v.Type())
		}
		v.SetInt(int64(f))
		return nil
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			s, _ := x.(string)
			b, err := base64.StdEncoding.DecodeString(s)
			if err != nil {
				return fmt.Errorf("blob: %w", err)
			}
			v.SetBytes(b)
			return nil
		}
		l, ok := x.([]any)
		if !ok {
			return fmt.Errorf("%T for list", x)
		}
		v.Set(reflect.MakeSlice(v.Type(), len(l), len(l)))
		for i, item := range l {
			if err := fillSDK(v.Index(i), item, path, dropped); err != nil {
				return err
			}
		}
		return nil
	case reflect.Map:
		m, ok := x.(map[string]any)
		if !ok {
			return fmt.Errorf("%T for map", x)
		}
		v.Set(reflect.MakeMap(v.Type()))
		for k, val := range m {
			item := reflect.New(v.Type().Elem()).Elem()
			if err := fillSDK(item, val, path, dropped); err != nil {
				return err
			}
			v.SetMapIndex(reflect.ValueOf(k).Convert(v.Type().Key()), item)
		}
		return nil
	}
	return fmt.Errorf("kind %s", v.Kind())
}

// TestWireDiff: the comparison sees each difference it is meant to find.
func TestWireDiff(t *testing.T) {
	base := cognitotest.Captured{Header: http.Header{"X-Amz-Target": {"P.Op"}, "Content-Type": {"application/x-amz-json-1.1"},
		"Authorization": {"AWS4-HMAC-SHA256 ..."}}, Body: []byte(`{"A":1,"B":["x"]}`)}
	if d := wireDiff(base, cognitotest.Captured{Header: base.Header, Body: []byte(`{"B":["x"],"A":1}`)}); d != "" {
		t.Errorf("the same request in another key order differs: %s", d)
	}
	for name, change := range map[string]func(*cognitotest.Captured){
		"target":   func(c *cognitotest.Captured) { c.Header.Set("X-Amz-Target", "P.Other") },
		"type":     func(c *cognitotest.Captured) { c.Header.Set("Content-Type", "application/json") },
		"unsigned": func(c *cognitotest.Captured) { c.Header.Del("Authorization") },
		"body":     func(c *cognitotest.Captured) { c.Body = []byte(`{"A":1,"B":["y"]}`) },
	} {
		other := cognitotest.Captured{Header: base.Header.Clone(), Body: base.Body}
		change(&other)
		if wireDiff(base, other) == "" {
			t.Errorf("%s: no difference found", name)
		}
	}
}

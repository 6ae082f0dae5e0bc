package botocore

import (
	"encoding/json"
	"fmt"
)

// model is the part of a botocore service-2.json the converter reads.
type model struct {
	Metadata      metadata             `json:"metadata"`
	Documentation string               `json:"documentation"`
	Operations    map[string]operation `json:"operations"`
	Shapes        map[string]shape     `json:"shapes"`
}

type metadata struct {
	APIVersion      string   `json:"apiVersion"`
	EndpointPrefix  string   `json:"endpointPrefix"`
	JSONVersion     string   `json:"jsonVersion"`
	Protocol        string   `json:"protocol"`
	Protocols       []string `json:"protocols"`
	ServiceFullName string   `json:"serviceFullName"`
	ServiceID       string   `json:"serviceId"`
	SigningName     string   `json:"signingName"`
	TargetPrefix    string   `json:"targetPrefix"`
}

type operation struct {
	Name string `json:"name"`
	HTTP struct {
		Method     string `json:"method"`
		RequestURI string `json:"requestUri"`
	} `json:"http"`
	Input             *member  `json:"input"`
	Output            *member  `json:"output"`
	Errors            []member `json:"errors"`
	Documentation     string   `json:"documentation"`
	Auth              []string `json:"auth"`
	AuthType          string   `json:"authtype"`
	Deprecated        bool     `json:"deprecated"`
	DeprecatedMessage string   `json:"deprecatedMessage"`
	// Endpoint.HostPrefix is prepended to the service's host for this
	// operation ("data-").
	Endpoint struct {
		HostPrefix string `json:"hostPrefix"`
	} `json:"endpoint"`
}

// shape is a named type of the model. Numbers stay json.Number so that
// bounds are written exactly as the model gives them.
type shape struct {
	Type              string            `json:"type"`
	Members           map[string]member `json:"members"`
	Required          []string          `json:"required"`
	Member            *member           `json:"member"`
	Key               *member           `json:"key"`
	Value             *member           `json:"value"`
	Min               *json.Number      `json:"min"`
	Max               *json.Number      `json:"max"`
	Pattern           string            `json:"pattern"`
	Enum              []string          `json:"enum"`
	Sensitive         bool              `json:"sensitive"`
	Documentation     string            `json:"documentation"`
	Exception         bool              `json:"exception"`
	Document          bool              `json:"document"`
	Union             bool              `json:"union"`
	Deprecated        bool              `json:"deprecated"`
	DeprecatedMessage string            `json:"deprecatedMessage"`
}

// member is a reference to a shape: a structure member, a list member, a
// map key or value, an operation's input, output or error.
type member struct {
	Shape             string `json:"shape"`
	Documentation     string `json:"documentation"`
	Sensitive         bool   `json:"sensitive"`
	Deprecated        bool   `json:"deprecated"`
	DeprecatedMessage string `json:"deprecatedMessage"`
}

// paginators is botocore's paginators-1.json.
type paginators struct {
	Pagination map[string]paginator `json:"pagination"`
}

// paginator describes how an operation pages. Tokens and result keys are a
// string or a list of strings in botocore; both decode into a list.
type paginator struct {
	InputToken  strings1 `json:"input_token"`
	OutputToken strings1 `json:"output_token"`
	LimitKey    string   `json:"limit_key"`
	ResultKey   strings1 `json:"result_key"`
	MoreResults string   `json:"more_results"`
}

// strings1 decodes a JSON string or list of strings.
type strings1 []string

func (s *strings1) UnmarshalJSON(data []byte) error {
	var one string
	if err := json.Unmarshal(data, &one); err == nil {
		*s = strings1{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(data, &many); err != nil {
		return fmt.Errorf("want a string or a list of strings: %w", err)
	}
	*s = many
	return nil
}

// celeval evaluates ConstraintTemplates' K8sNativeValidation code with Gatekeeper's own CEL
// driver, wired as `gator verify` wires it (gator.NewOPAClient with gator.WithK8sCEL, the k8s
// validation target, the gator enforcement point), for `gkc verify`.
//
// Protocol: one JSON request per stdin line, one JSON response per stdout line, in order.
//
//	{"id":1,"op":"template","template":{...}}            → {"id":1} or {"id":1,"error":"..."}
//	{"id":2,"op":"review","kind":"K8sX","cases":[...]}    → {"id":2,"results":[...]} or {"id":2,"error":"..."}
//
// A case is {"parameters":{...},"request":{AdmissionRequest}}. Its result is
// {"violations":[{"msg","enforcementAction","constraint"}]}, or {"refused":"..."} when Gatekeeper
// refuses the constraint (parameters outside the template's schema), or {"undecodable":"..."} when
// the request is no AdmissionRequest, or {"error":"..."} when the review fails. Each template gets a client of its own, so a review only runs its constraint.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/open-policy-agent/frameworks/constraint/pkg/client/reviews"
	"github.com/open-policy-agent/gatekeeper/v3/apis"
	"github.com/open-policy-agent/gatekeeper/v3/pkg/gator"
	"github.com/open-policy-agent/gatekeeper/v3/pkg/gator/reader"
	mutationtypes "github.com/open-policy-agent/gatekeeper/v3/pkg/mutation/types"
	"github.com/open-policy-agent/gatekeeper/v3/pkg/target"
	"github.com/open-policy-agent/gatekeeper/v3/pkg/util"
	admissionv1 "k8s.io/api/admission/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
)

const constraintName = "gkc-verify"

type request struct {
	ID       int               `json:"id"`
	Op       string            `json:"op"`
	Template json.RawMessage   `json:"template,omitempty"`
	Kind     string            `json:"kind,omitempty"`
	Cases    []json.RawMessage `json:"cases,omitempty"`
}

type reviewCase struct {
	Parameters        json.RawMessage               `json:"parameters"`
	EnforcementAction string                        `json:"enforcementAction,omitempty"`
	Request           *admissionv1.AdmissionRequest `json:"request"`
}

type violation struct {
	Msg               string `json:"msg"`
	EnforcementAction string `json:"enforcementAction"`
	Constraint        string `json:"constraint"`
}

type caseResult struct {
	Violations []violation `json:"violations"`
	Refused    string      `json:"refused,omitempty"`
	// Undecodable: the request is not an AdmissionRequest (a field of the wrong type), so the API
	// server never sends it.
	Undecodable string `json:"undecodable,omitempty"`
	Error       string `json:"error,omitempty"`
}

type response struct {
	ID      int          `json:"id"`
	Results []caseResult `json:"results,omitempty"`
	Error   string       `json:"error,omitempty"`
}

// templateClient is one template's client and the constraint it holds now.
type templateClient struct {
	client  gator.Client
	kind    string
	added   bool
	key     string
	refused string
}

type evaluator struct {
	scheme  *runtime.Scheme
	clients map[string]*templateClient
}

func (e *evaluator) addTemplate(raw json.RawMessage) error {
	u := &unstructured.Unstructured{}
	if err := u.UnmarshalJSON(raw); err != nil {
		return fmt.Errorf("not a ConstraintTemplate: %w", err)
	}
	template, err := reader.ToTemplate(e.scheme, u)
	if err != nil {
		return err
	}
	client, err := gator.NewOPAClient(false, gator.WithK8sCEL())
	if err != nil {
		return err
	}
	if _, err := client.AddTemplate(context.Background(), template); err != nil {
		return err
	}
	kind := template.Spec.CRD.Spec.Names.Kind
	e.clients[kind] = &templateClient{client: client, kind: kind}
	return nil
}

// useConstraint makes the client's one constraint carry `parameters` (added again only when they
// change); it returns why Gatekeeper refuses that constraint, or "".
func (t *templateClient) useConstraint(parameters json.RawMessage, action string) string {
	key := string(parameters) + "\x00" + action
	if t.added && key == t.key {
		return t.refused
	}
	t.added, t.key, t.refused = true, key, ""
	spec := map[string]json.RawMessage{}
	if len(parameters) != 0 && string(parameters) != "null" {
		spec["parameters"] = parameters
	}
	if action != "" {
		encoded, _ := json.Marshal(action)
		spec["enforcementAction"] = encoded
	}
	document, err := json.Marshal(map[string]interface{}{
		"apiVersion": "constraints.gatekeeper.sh/v1beta1",
		"kind":       t.kind,
		"metadata":   map[string]string{"name": constraintName},
		"spec":       spec,
	})
	if err != nil {
		t.refused = "parameters are not JSON: " + oneLine(err.Error())
		return t.refused
	}
	// Unstructured's own decoder, as the API server's: integers stay int64, as CEL must see them.
	constraint := &unstructured.Unstructured{}
	if err := constraint.UnmarshalJSON(document); err != nil {
		t.refused = oneLine(err.Error())
		return t.refused
	}
	if _, err := t.client.AddConstraint(context.Background(), constraint); err != nil {
		t.refused = oneLine(err.Error())
	}
	return t.refused
}

func (e *evaluator) review(kind string, cases []json.RawMessage) ([]caseResult, error) {
	t := e.clients[kind]
	if t == nil {
		return nil, fmt.Errorf("no template of kind %s was added", kind)
	}
	results := make([]caseResult, len(cases))
	for i, raw := range cases {
		var c reviewCase
		if err := json.Unmarshal(raw, &c); err != nil {
			results[i] = caseResult{Undecodable: oneLine(err.Error())}
			continue
		}
		if refused := t.useConstraint(c.Parameters, c.EnforcementAction); refused != "" {
			results[i] = caseResult{Refused: refused}
			continue
		}
		if c.Request == nil {
			results[i] = caseResult{Error: "the case has no request"}
			continue
		}
		// As gator verify reviews an AdmissionReview's request.
		review := target.AugmentedReview{AdmissionRequest: c.Request, Source: mutationtypes.SourceTypeOriginal}
		responses, err := t.client.Review(context.Background(), review, reviews.EnforcementPoint(util.GatorEnforcementPoint))
		if err != nil {
			results[i] = caseResult{Error: oneLine(err.Error())}
			continue
		}
		violations := []violation{}
		for _, r := range responses.Results() {
			name := ""
			if r.Constraint != nil {
				name = r.Constraint.GetName()
			}
			violations = append(violations, violation{Msg: r.Msg, EnforcementAction: r.EnforcementAction, Constraint: name})
		}
		results[i] = caseResult{Violations: violations}
	}
	return results, nil
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func main() {
	scheme := runtime.NewScheme()
	if err := apis.AddToScheme(scheme); err != nil {
		fmt.Fprintf(os.Stderr, "celeval: %v\n", err)
		os.Exit(2)
	}
	e := &evaluator{scheme: scheme, clients: map[string]*templateClient{}}
	in := bufio.NewReader(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	encoder := json.NewEncoder(out)
	encoder.SetEscapeHTML(false)
	for {
		line, readErr := in.ReadBytes('\n')
		if len(strings.TrimSpace(string(line))) != 0 {
			var req request
			var resp response
			if err := json.Unmarshal(line, &req); err != nil {
				resp.Error = "request is not JSON: " + oneLine(err.Error())
			} else {
				resp.ID = req.ID
				switch req.Op {
				case "template":
					if err := e.addTemplate(req.Template); err != nil {
						resp.Error = oneLine(err.Error())
					}
				case "review":
					results, err := e.review(req.Kind, req.Cases)
					if err != nil {
						resp.Error = oneLine(err.Error())
					} else {
						resp.Results = results
					}
				default:
					resp.Error = fmt.Sprintf("unknown op %q", req.Op)
				}
			}
			if err := encoder.Encode(resp); err != nil {
				fmt.Fprintf(os.Stderr, "celeval: %v\n", err)
				os.Exit(2)
			}
			if err := out.Flush(); err != nil {
				os.Exit(2)
			}
		}
		if readErr != nil {
			return
		}
	}
}

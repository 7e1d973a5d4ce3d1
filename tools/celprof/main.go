// celprof times Gatekeeper's CEL driver (or, with -engine rego, its Rego driver) on one
// template, one constraint and a set of objects (a development aid for the emitters' speed;
// bench/gator-bench.ts is the benchmark). -memprofile writes Go's allocs profile, which records
// every allocation of the timed reviews (rate 1, so the timing is then meaningless) beside a
// sample of the set-up and first pass before them: in OPA's evaluator allocations, through the
// collector, are most of what a template's Rego costs.
//
//	celprof -template t.yaml -constraint c.yaml -objects pods.yaml -n 200 [-engine rego] [-cpuprofile f] [-memprofile f]
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/open-policy-agent/frameworks/constraint/pkg/client/reviews"
	"github.com/open-policy-agent/gatekeeper/v3/apis"
	"github.com/open-policy-agent/gatekeeper/v3/pkg/gator"
	"github.com/open-policy-agent/gatekeeper/v3/pkg/gator/reader"
	"github.com/open-policy-agent/gatekeeper/v3/pkg/util"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	kruntime "k8s.io/apimachinery/pkg/runtime"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
)

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "celprof:", err)
		os.Exit(2)
	}
}

func documents(path string) []*unstructured.Unstructured {
	raw, err := os.ReadFile(path)
	must(err)
	decoder := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader(raw), 4096)
	var out []*unstructured.Unstructured
	for {
		u := &unstructured.Unstructured{}
		if err := decoder.Decode(&u.Object); err != nil {
			break
		}
		if len(u.Object) != 0 {
			out = append(out, u)
		}
	}
	return out
}

// newClient is Gatekeeper's client with the CEL driver, or only the Rego driver for "rego".
func newClient(engine string) (gator.Client, error) {
	switch engine {
	case "rego":
		return gator.NewOPAClient(false)
	case "cel":
		return gator.NewOPAClient(false, gator.WithK8sCEL())
	}
	return nil, fmt.Errorf("-engine %q: expected cel or rego", engine)
}

func main() {
	templatePath := flag.String("template", "", "")
	constraintPath := flag.String("constraint", "", "")
	objectsPath := flag.String("objects", "", "")
	n := flag.Int("n", 100, "")
	profile := flag.String("cpuprofile", "", "")
	engine := flag.String("engine", "cel", "the driver: cel or rego")
	memprofile := flag.String("memprofile", "", "write the allocations of the timed reviews here")
	verbose := flag.Bool("messages", false, "print the messages of the first pass")
	flag.Parse()
	scheme := kruntime.NewScheme()
	must(apis.AddToScheme(scheme))
	template, err := reader.ToTemplate(scheme, documents(*templatePath)[0])
	must(err)
	client, err := newClient(*engine)
	must(err)
	_, err = client.AddTemplate(context.Background(), template)
	must(err)
	_, err = client.AddConstraint(context.Background(), documents(*constraintPath)[0])
	must(err)
	objects := documents(*objectsPath)
	violations := 0
	for _, o := range objects {
		r, err := client.Review(context.Background(), o, reviews.EnforcementPoint(util.GatorEnforcementPoint))
		must(err)
		violations += len(r.Results())
		if *verbose {
			for _, res := range r.Results() {
				fmt.Println(res.Msg)
			}
		}
	}
	if *profile != "" {
		f, err := os.Create(*profile)
		must(err)
		must(pprof.StartCPUProfile(f))
		defer pprof.StopCPUProfile()
	}
	if *memprofile != "" {
		runtime.MemProfileRate = 1
	}
	start := time.Now()
	for i := 0; i < *n; i++ {
		for _, o := range objects {
			_, err := client.Review(context.Background(), o, reviews.EnforcementPoint(util.GatorEnforcementPoint))
			must(err)
		}
	}
	per := time.Since(start) / time.Duration(*n*len(objects))
	if *memprofile != "" {
		// The profile holds what the last collection published: collect, so that it holds the last pass too.
		runtime.GC()
		f, err := os.Create(*memprofile)
		must(err)
		must(pprof.Lookup("allocs").WriteTo(f, 0))
		must(f.Close())
	}
	fmt.Printf("%d objects, %d violations, %v per review\n", len(objects), violations, per)
}

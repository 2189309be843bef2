// Command genconst writes pysocket/constants_table.h: the integer
// constants of Python's socket module, with values taken from the C
// headers via the C compiler, for the names allow-listed in names.txt.
//
// Usage, from the module root:
//
//	go run ./internal/genconst          # regenerate the table
//	go run ./internal/genconst -check   # fail if the table is stale
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"strings"
)

func main() {
	namesPath := flag.String("names", "internal/genconst/names.txt", "allow-list of constant names")
	outPath := flag.String("o", "pysocket/constants_table.h", "generated C header")
	check := flag.Bool("check", false, "do not write; exit 1 if the generated header differs from -o")
	verbose := flag.Bool("v", false, "list allow-listed names the headers do not define")
	flag.Parse()
	if err := run(*namesPath, *outPath, *check, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "genconst:", err)
		os.Exit(1)
	}
}

// run generates the table and writes or checks it.
func run(namesPath, outPath string, check, verbose bool) error {
	f, err := os.Open(namesPath)
	if err != nil {
		return err
	}
	list, err := parseNames(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %v", namesPath, err)
	}
	consts, missing, err := generate(list)
	if err != nil {
		return err
	}
	if verbose {
		fmt.Fprintf(os.Stderr, "genconst: %d constants; not in headers: %s\n", len(consts), strings.Join(missing, " "))
	}
	text := render(consts, missing)
	if !check {
		return os.WriteFile(outPath, text, 0o644)
	}
	old, err := os.ReadFile(outPath)
	if err != nil {
		return err
	}
	if !bytes.Equal(old, text) {
		return fmt.Errorf("%s is stale; rerun go run ./internal/genconst\n%s", outPath, lineDiff(old, text))
	}
	return nil
}

// generate evaluates the allow-listed names the headers declare and
// returns them with the names they lack.
func generate(list []wanted) (consts []constant, missing []string, err error) {
	dir, err := os.MkdirTemp("", "genconst")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(dir)
	decl, err := declared(dir)
	if err != nil {
		return nil, nil, err
	}
	var present []string
	done := map[string]bool{}
	for _, w := range list {
		if done[w.Name] {
			continue // a second version range of the same name
		}
		done[w.Name] = true
		if decl[cName(w.Name)] {
			present = append(present, w.Name)
		} else {
			missing = append(missing, w.Name)
		}
	}
	values, err := evaluate(dir, present)
	if err != nil {
		return nil, nil, err
	}
	for _, w := range list {
		if v, ok := values[w.Name]; ok {
			consts = append(consts, constant{wanted: w, Value: v})
		}
	}
	return consts, missing, nil
}

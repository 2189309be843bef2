package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// compiler returns the C compiler command: $CC split into words, or "cc".
func compiler() []string {
	if f := strings.Fields(os.Getenv("CC")); len(f) > 0 {
		return f
	}
	return []string{"cc"}
}

// runCC runs the C compiler with args and returns its standard output.
func runCC(args ...string) ([]byte, error) {
	cc := compiler()
	cmd := exec.Command(cc[0], append(cc[1:], args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s %s: %v\n%s", strings.Join(cc, " "), strings.Join(args, " "), err, stderr.String())
	}
	return out, nil
}

// declared returns the identifiers the headers define as object-like
// macros or declare as enumerators; either makes a constant available.
func declared(dir string) (map[string]bool, error) {
	src := filepath.Join(dir, "probe.c")
	if err := os.WriteFile(src, []byte(prelude()), 0o644); err != nil {
		return nil, err
	}
	macros, err := runCC("-E", "-dM", src)
	if err != nil {
		return nil, err
	}
	pp, err := runCC("-E", "-P", src)
	if err != nil {
		return nil, err
	}
	names := parseMacros(macros)
	for _, e := range parseEnumerators(pp) {
		names[e] = true
	}
	return names, nil
}

// parseMacros extracts the object-like macro names from `cc -E -dM` output.
func parseMacros(out []byte) map[string]bool {
	names := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "#define ")
		if !ok {
			continue
		}
		rest = strings.TrimLeft(rest, " \t")
		end := 0
		for end < len(rest) && isIdentByte(rest[end], end) {
			end++
		}
		if end == 0 || (end < len(rest) && rest[end] == '(') {
			continue // not a name, or a function-like macro
		}
		names[rest[:end]] = true
	}
	return names
}

// isIdentByte reports whether c may appear at offset i of a C identifier.
func isIdentByte(c byte, i int) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9'
}

// evaluate compiles and runs a C program printing each constant's value,
// converted to long as PyModule_AddIntConstant does. names maps Python
// names to the C expressions holding their values.
func evaluate(dir string, names []string) (map[string]int64, error) {
	var b strings.Builder
	b.WriteString(prelude())
	b.WriteString("#include <stdio.h>\n\nint main(void)\n{\n")
	for _, n := range names {
		fmt.Fprintf(&b, "\tprintf(\"%%s %%lld\\n\", \"%s\", (long long)(long)(%s));\n", n, cName(n))
	}
	b.WriteString("\treturn 0;\n}\n")
	src := filepath.Join(dir, "eval.c")
	exe := filepath.Join(dir, "eval")
	if err := os.WriteFile(src, []byte(b.String()), 0o644); err != nil {
		return nil, err
	}
	if _, err := runCC("-o", exe, src); err != nil {
		return nil, err
	}
	out, err := exec.Command(exe).Output()
	if err != nil {
		return nil, fmt.Errorf("running %s: %v", exe, err)
	}
	values := map[string]int64{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		name, num, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		v, err := strconv.ParseInt(num, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("value of %s: %v", name, err)
		}
		values[name] = v
	}
	if len(values) != len(names) {
		return nil, fmt.Errorf("evaluated %d of %d constants", len(values), len(names))
	}
	return values, nil
}

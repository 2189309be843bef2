package core

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestDesignRules checks two of the package's rules in its source: no
// goroutine is started (a forked child has lost the runtime's threads), and
// no system call that can block goes through RawSyscall (the scheduler must
// know a thread is blocked in the kernel): RawSyscall appears only in the
// body of an if on MSG_DONTWAIT.
func TestDesignRules(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked, raw := 0, 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		var stack []ast.Node
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			stack = append(stack, n)
			switch n := n.(type) {
			case *ast.GoStmt:
				t.Errorf("%v: go statement", fset.Position(n.Pos()))
			case *ast.SelectorExpr:
				if strings.HasPrefix(n.Sel.Name, "RawSyscall") && !underNoWait(stack) {
					t.Errorf("%v: %s outside an if on MSG_DONTWAIT", fset.Position(n.Pos()), n.Sel.Name)
					raw++
				} else if strings.HasPrefix(n.Sel.Name, "RawSyscall") {
					raw++
				}
			}
			return true
		})
	}
	if checked < 10 {
		t.Fatalf("checked only %d files", checked)
	}
	if raw == 0 {
		t.Fatalf("found no RawSyscall: the MSG_DONTWAIT fast path is gone, or the check misses it")
	}
}

// underNoWait reports whether the innermost node of stack is in the body
// of an if statement whose condition tests MSG_DONTWAIT: a call that cannot
// block, the one place RawSyscall is allowed.
func underNoWait(stack []ast.Node) bool {
	for i := len(stack) - 1; i > 0; i-- {
		ifs, ok := stack[i-1].(*ast.IfStmt)
		if !ok || stack[i] != ast.Node(ifs.Body) {
			continue
		}
		found := false
		ast.Inspect(ifs.Cond, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "MSG_DONTWAIT" {
				found = true
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

package core

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
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

// waitingCalls are the selectors that wait: on descriptors (poll, select,
// epoll, in x/sys/unix's spelling and as system call numbers) or for time.
var waitingCalls = map[string]bool{
	"Poll": true, "Ppoll": true, "Select": true, "Pselect": true,
	"EpollWait": true, "EpollPwait": true, "Nanosleep": true, "ClockNanosleep": true, "Pause": true,
	"SYS_POLL": true, "SYS_PPOLL": true, "SYS_SELECT": true, "SYS_PSELECT6": true,
	"SYS_EPOLL_WAIT": true, "SYS_EPOLL_PWAIT": true, "SYS_EPOLL_PWAIT2": true,
	"SYS_NANOSLEEP": true, "SYS_CLOCK_NANOSLEEP": true, "SYS_PAUSE": true,
	// The same through cgo (C.poll, ...).
	"poll": true, "ppoll": true, "select": true, "pselect": true, "epoll_wait": true, "epoll_pwait": true,
	"sleep": true, "usleep": true, "nanosleep": true, "clock_nanosleep": true, "pause": true,
}

// sleepingTime are package time's functions that wait or arrange a wake-up.
var sleepingTime = map[string]bool{
	"Sleep": true, "After": true, "AfterFunc": true, "Tick": true, "NewTimer": true, "NewTicker": true,
}

// cWaits finds the same waits called from C code in a cgo preamble.
var cWaits = regexp.MustCompile(`\b(poll|ppoll|select|pselect|epoll_wait|epoll_pwait2?|sleep|usleep|nanosleep|clock_nanosleep|pause)\s*\(`)

// waits returns where the file f waits: a call of poll, ppoll, select,
// epoll_wait or a sleep, in Go (x/sys/unix or a system call number) or in
// its cgo preamble; package time used to sleep or set a timer; a channel
// operation or select statement. preamble reports whether f has a cgo
// preamble (so the caller knows the C check ran somewhere).
func waits(fset *token.FileSet, f *ast.File) (found []string, preamble bool) {
	timeName := ""
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		if path == "time" {
			timeName = "time"
			if imp.Name != nil {
				timeName = imp.Name.Name
			}
		}
	}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.IMPORT || g.Doc == nil {
			continue
		}
		for _, spec := range g.Specs {
			if p, _ := strconv.Unquote(spec.(*ast.ImportSpec).Path.Value); p == "C" {
				preamble = true
				for _, c := range g.Doc.List {
					at := fset.Position(c.Pos())
					for _, m := range cWaits.FindAllStringSubmatchIndex(c.Text, -1) {
						line := at.Line + strings.Count(c.Text[:m[0]], "\n")
						found = append(found, at.Filename+":"+strconv.Itoa(line)+": "+c.Text[m[2]:m[3]]+"() in the cgo preamble")
					}
				}
			}
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			x, ok := n.X.(*ast.Ident)
			switch {
			case waitingCalls[n.Sel.Name]:
				found = append(found, fset.Position(n.Pos()).String()+": "+n.Sel.Name)
			case ok && timeName != "" && x.Name == timeName && sleepingTime[n.Sel.Name]:
				found = append(found, fset.Position(n.Pos()).String()+": time."+n.Sel.Name)
			}
		case *ast.SelectStmt:
			found = append(found, fset.Position(n.Pos()).String()+": select statement")
		case *ast.SendStmt:
			found = append(found, fset.Position(n.Pos()).String()+": channel send")
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				found = append(found, fset.Position(n.Pos()).String()+": channel receive")
			}
		}
		return true
	})
	return found, preamble
}

// TestNothingWaits checks the package's first rule in its source: nothing in
// core waits. Every operation is one attempt that returns EAGAIN or
// EINPROGRESS when the kernel would make it wait; waiting (poll, deadlines,
// signals) is the binding's call layer's, outside Go, so a fork never finds
// a thread waiting inside the Go runtime.
func TestNothingWaits(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked, preambles := 0, 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		found, pre := waits(fset, f)
		if pre {
			preambles++
		}
		for _, w := range found {
			t.Errorf("%s: core must not wait", w)
		}
	}
	if checked < 10 {
		t.Fatalf("checked only %d files", checked)
	}
	if preambles == 0 {
		t.Fatalf("found no cgo preamble: the resolver's C code went unchecked")
	}
}

// TestNothingWaitsChecker runs the check of TestNothingWaits on sources
// that wait, one way each, and on one that does not.
func TestNothingWaitsChecker(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string // a substring of the one finding; "": none
	}{
		{"clean", `package p
import "golang.org/x/sys/unix"
func f(fd int) { unix.Syscall(unix.SYS_RECVFROM, uintptr(fd), 0, 0) }`, ""},
		{"time-for-a-duration", `package p
import "time"
var d = time.Second`, ""},
		{"unix.Poll", `package p
import "golang.org/x/sys/unix"
func f() { unix.Poll(nil, -1) }`, "Poll"},
		{"SYS_PPOLL", `package p
import "golang.org/x/sys/unix"
func f() { unix.Syscall6(unix.SYS_PPOLL, 0, 0, 0, 0, 0, 0) }`, "SYS_PPOLL"},
		{"EpollWait", `package p
import "golang.org/x/sys/unix"
func f() { unix.EpollWait(0, nil, -1) }`, "EpollWait"},
		{"unix.Select", `package p
import "golang.org/x/sys/unix"
func f() { unix.Select(0, nil, nil, nil, nil) }`, "Select"},
		{"time.Sleep", `package p
import "time"
func f() { time.Sleep(1) }`, "time.Sleep"},
		{"renamed-time.After", `package p
import tm "time"
func f() { <-tm.After(1) }`, "time.After"},
		{"select-statement", `package p
func f(c chan int) { select { case <-c: } }`, "select statement"},
		{"cgo-poll", `package p
/*
#include <poll.h>
static int w(int fd) { struct pollfd p = {fd, POLLIN, 0}; return poll(&p, 1, -1); }
*/
import "C"`, "poll() in the cgo preamble"},
		{"C.usleep", `package p
// #include <unistd.h>
import "C"
func f() { C.usleep(10) }`, "usleep"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, "plant.go", tt.src, parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			found, _ := waits(fset, f)
			if tt.want == "" {
				if len(found) != 0 {
					t.Errorf("found %q in a source that does not wait", found)
				}
				return
			}
			ok := false
			for _, w := range found {
				ok = ok || strings.Contains(w, tt.want)
			}
			if !ok {
				t.Errorf("found %q, want one with %q", found, tt.want)
			}
		})
	}
}

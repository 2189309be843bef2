package main

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// noVersion encodes an absent maximum version ("exported up to the newest").
const noVersion = 0xFFFF

// wanted is one allow-listed constant: its Python name and the range of
// Python versions (encoded as major<<8|minor) whose _socket exports it.
type wanted struct {
	Name   string
	MinVer int
	MaxVer int
}

// parseVersion turns "3.11" into 0x030B.
func parseVersion(s string) (int, error) {
	major, minor, ok := strings.Cut(s, ".")
	if !ok {
		return 0, fmt.Errorf("version %q: want MAJOR.MINOR", s)
	}
	ma, err := strconv.Atoi(major)
	if err != nil || ma < 0 || ma > 0xFF {
		return 0, fmt.Errorf("version %q: bad major", s)
	}
	mi, err := strconv.Atoi(minor)
	if err != nil || mi < 0 || mi > 0xFF {
		return 0, fmt.Errorf("version %q: bad minor", s)
	}
	return ma<<8 | mi, nil
}

// parseNames reads an allow-list: "NAME MINVER [MAXVER]" per line, with
// blank lines and #-comments ignored. Names are C identifiers; a name may
// have several lines when their version ranges do not overlap (CPython
// 3.11-3.13 did not export CAN_RAW_ERR_FILTER, which 3.6-3.10 and 3.14+ do).
func parseNames(r io.Reader) ([]wanted, error) {
	var out []wanted
	seen := map[string][]wanted{}
	sc := bufio.NewScanner(r)
	for lineno := 1; sc.Scan(); lineno++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) > 3 || len(f) < 2 {
			return nil, fmt.Errorf("line %d: want NAME MINVER [MAXVER], got %q", lineno, line)
		}
		if !isIdent(f[0]) {
			return nil, fmt.Errorf("line %d: %q is not an identifier", lineno, f[0])
		}
		w := wanted{Name: f[0], MaxVer: noVersion}
		var err error
		if w.MinVer, err = parseVersion(f[1]); err != nil {
			return nil, fmt.Errorf("line %d: %v", lineno, err)
		}
		if len(f) == 3 {
			if w.MaxVer, err = parseVersion(f[2]); err != nil {
				return nil, fmt.Errorf("line %d: %v", lineno, err)
			}
			if w.MaxVer < w.MinVer {
				return nil, fmt.Errorf("line %d: maximum version below minimum", lineno)
			}
		}
		for _, o := range seen[w.Name] {
			if w.MinVer <= o.MaxVer && o.MinVer <= w.MaxVer {
				return nil, fmt.Errorf("line %d: duplicate name %s (version ranges overlap)", lineno, w.Name)
			}
		}
		seen[w.Name] = append(seen[w.Name], w)
		out = append(out, w)
	}
	return out, sc.Err()
}

// isIdent reports whether s is a C identifier.
func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		switch {
		case c == '_', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case c >= '0' && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

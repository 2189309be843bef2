package main

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseNames(t *testing.T) {
	tests := []struct {
		in      string
		want    []wanted
		wantErr string
	}{
		{
			in: "# comment\n\nAF_INET 2.7\nSO_FOO 3.7  # trailing\nBAR 2.7 3.6\nBAZ 3.13\n",
			want: []wanted{
				{"AF_INET", 0x0207, noVersion},
				{"SO_FOO", 0x0307, noVersion},
				{"BAR", 0x0207, 0x0306},
				{"BAZ", 0x030D, noVersion},
			},
		},
		{in: "", want: nil},
		{in: "AF_INET\n", wantErr: "line 1: want NAME"},
		{in: "AF_INET 2.7 3.6 3.7\n", wantErr: "line 1: want NAME"},
		{in: "AF_INET 3\n", wantErr: "want MAJOR.MINOR"},
		{in: "AF_INET 3.x\n", wantErr: "bad minor"},
		{in: "1AF 3.6\n", wantErr: "not an identifier"},
		{in: "A 3.6\nA 3.7\n", wantErr: "line 2: duplicate name A"},
		{in: "A 3.6 3.10\nA 3.10\n", wantErr: "line 2: duplicate name A"},
		{
			in:   "A 3.6 3.10\nA 3.14\n",
			want: []wanted{{"A", 0x0306, 0x030A}, {"A", 0x030E, noVersion}},
		},
		{in: "A 3.7 3.6\n", wantErr: "maximum version below minimum"},
	}
	for _, tt := range tests {
		got, err := parseNames(strings.NewReader(tt.in))
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("parseNames(%q) error = %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("parseNames(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseMacros(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"#define AF_INET PF_INET\n", []string{"AF_INET"}},
		{"#define IPPROTO_TCP IPPROTO_TCP\n#define SOMAXCONN 4096\n", []string{"IPPROTO_TCP", "SOMAXCONN"}},
		{"#define INADDR_ANY ((in_addr_t) 0x00000000)\n", []string{"INADDR_ANY"}},
		{"#define _IO(type,nr) _IOC(_IOC_NONE,(type),(nr),0)\n", nil},
		{"#define EMPTY\n#define X (1)\n", []string{"EMPTY", "X"}},
		{"int x;\n# 1 \"foo.h\"\n", nil},
	}
	for _, tt := range tests {
		got := parseMacros([]byte(tt.in))
		want := map[string]bool{}
		for _, n := range tt.want {
			want[n] = true
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("parseMacros(%q) = %v, want %v", tt.in, got, want)
		}
	}
}

func TestParseEnumerators(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"enum { CAN_RAW_FILTER = 1, CAN_RAW_ERR_FILTER, };", []string{"CAN_RAW_FILTER", "CAN_RAW_ERR_FILTER"}},
		{"enum tag { A = (1 << 2), B = f(x, y), C };", []string{"A", "B", "C"}},
		{"enum tag x; enum { /* c */ D = 'a', E = \"}\"[0] } v;", []string{"D", "E"}},
		{"# 1 \"x.h\"\nstruct s { int enumx; }; enum {\n#pragma foo\nF\n};", []string{"F"}},
		{"int enum_count = 3;", nil},
	}
	for _, tt := range tests {
		if got := parseEnumerators([]byte(tt.in)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("parseEnumerators(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCName(t *testing.T) {
	for in, want := range map[string]string{
		"CAN_BCM":          "CAN_BCM",
		"CAN_BCM_TX_SETUP": "TX_SETUP",
		"CAN_BCM_SETTIMER": "SETTIMER",
		"AF_INET":          "AF_INET",
	} {
		if got := cName(in); got != want {
			t.Errorf("cName(%q) = %q, want %q", in, got, want)
		}
	}
}

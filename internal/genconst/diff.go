package main

import (
	"bytes"
	"fmt"
	"strings"
)

// lineDiff describes how fresh differs from committed, line by line:
// lines only in committed are prefixed "-", lines only in fresh "+".
func lineDiff(committed, fresh []byte) string {
	var b strings.Builder
	onlyIn(&b, "-", committed, fresh)
	onlyIn(&b, "+", fresh, committed)
	return b.String()
}

// onlyIn writes, prefixed by sign, the lines of text that other lacks
// (counting repeated lines).
func onlyIn(b *strings.Builder, sign string, text, other []byte) {
	left := map[string]int{}
	for _, l := range bytes.Split(other, []byte("\n")) {
		left[string(l)]++
	}
	for _, l := range bytes.Split(text, []byte("\n")) {
		if left[string(l)] > 0 {
			left[string(l)]--
			continue
		}
		fmt.Fprintf(b, "%s%s\n", sign, l)
	}
}

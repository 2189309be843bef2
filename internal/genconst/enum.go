package main

// parseEnumerators returns the enumeration constants declared in
// preprocessed C source: the first identifier of each member of every
// `enum [tag] { ... }` body. Macros are expanded by then, so enumerators
// spelled only in an enum (as in <linux/can/raw.h>) are found here.
func parseEnumerators(src []byte) []string {
	toks := tokenize(src)
	var out []string
	for i := 0; i < len(toks); i++ {
		if toks[i] != "enum" {
			continue
		}
		j := i + 1
		if j < len(toks) && isIdent(toks[j]) {
			j++
		}
		if j >= len(toks) || toks[j] != "{" {
			continue
		}
		depth, start := 0, true
	body:
		for j++; j < len(toks); j++ {
			switch t := toks[j]; t {
			case "{", "(", "[":
				depth++
			case ")", "]":
				depth--
			case "}":
				if depth == 0 {
					i = j
					break body
				}
				depth--
			case ",":
				if depth == 0 {
					start = true
					continue
				}
			default:
				if start && depth == 0 && isIdent(t) {
					out = append(out, t)
				}
			}
			start = false
		}
	}
	return out
}

// tokenize splits C source into identifiers, numbers and single-character
// punctuators, dropping whitespace, comments, literals and # lines.
func tokenize(src []byte) []string {
	var toks []string
	lineStart := true
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\n':
			lineStart = true
			i++
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			i++
			continue
		case c == '#' && lineStart:
			for i < len(src) && src[i] != '\n' {
				i++
			}
			continue
		}
		lineStart = false
		switch {
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			i += 2
			for i+1 < len(src) && !(src[i] == '*' && src[i+1] == '/') {
				i++
			}
			i += 2
		case c == '"' || c == '\'':
			for i++; i < len(src) && src[i] != c; i++ {
				if src[i] == '\\' {
					i++
				}
			}
			i++
		case isIdentByte(c, 0) || c >= '0' && c <= '9':
			j := i + 1
			for j < len(src) && isIdentByte(src[j], 1) {
				j++
			}
			toks = append(toks, string(src[i:j]))
			i = j
		default:
			toks = append(toks, string(c))
			i++
		}
	}
	return toks
}

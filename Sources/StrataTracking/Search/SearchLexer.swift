/// Splits a search text into tokens. Linear in the text length.
///
/// Quoting: `'…'` and `"…"` are texts, `` `…` `` quotes key names. Inside any of them a backslash
/// escapes the next character (`\n`, `\t`, `\\`, `\'`, `\"`, `` \` ``), and a doubled quote
/// stands for itself (`'it''s'`, SQL style).
struct SearchLexer {
    private let text: String
    private let chars: [Character]
    private var index = 0
    private var tokens: [SearchToken] = []

    init(_ text: String) {
        self.text = text
        self.chars = Array(text)
    }

    static func tokenize(_ text: String) throws(SearchError) -> [SearchToken] {
        var lexer = SearchLexer(text)
        return try lexer.run()
    }

    private func error(_ column: Int, _ message: String) -> SearchError {
        SearchError(query: text, column: column, message: message)
    }

    private func peek(_ offset: Int = 0) -> Character? {
        index + offset < chars.count ? chars[index + offset] : nil
    }

    private mutating func append(_ kind: SearchToken.Kind, start: Int) {
        tokens.append(SearchToken(kind: kind, column: start + 1, length: index - start))
    }

    private mutating func run() throws(SearchError) -> [SearchToken] {
        while let c = peek() {
            let start = index
            if c.isWhitespace { index += 1; continue }
            switch c {
            case "(": index += 1; append(.leftParen, start: start)
            case ")": index += 1; append(.rightParen, start: start)
            case ",": index += 1; append(.comma, start: start)
            case "'", "\"", "`":
                let s = try readQuoted(quote: c)
                append(.quoted(s, quote: c), start: start)
            case "=":
                index += peek(1) == "=" ? 2 : 1
                append(.comparison(.equal), start: start)
            case "!":
                guard peek(1) == "=" else { throw error(start + 1, "expected '!=' (use 'not' to negate)") }
                index += 2; append(.comparison(.notEqual), start: start)
            case "<":
                if peek(1) == "=" { index += 2; append(.comparison(.lessOrEqual), start: start) }
                else if peek(1) == ">" { index += 2; append(.comparison(.notEqual), start: start) }
                else { index += 1; append(.comparison(.less), start: start) }
            case ">":
                if peek(1) == "=" { index += 2; append(.comparison(.greaterOrEqual), start: start) }
                else { index += 1; append(.comparison(.greater), start: start) }
            default:
                if afterDot, Self.isSegmentCharacter(c) {
                    // A key segment after '.', which may start with a digit (`params.2d`).
                    append(.word(readWord()), start: start)
                } else if c == "." {
                    if let n = peek(1), n.isASCII, n.isNumber, !afterValueLike {
                        append(try readNumber(), start: start)
                    } else {
                        index += 1; append(.dot, start: start)
                    }
                } else if c.isASCII, c.isNumber {
                    append(try readNumber(), start: start)
                } else if c == "-" || c == "+" {
                    guard let n = peek(1), (n.isASCII && n.isNumber) || (n == "." && peek(2)?.isNumber == true) else {
                        throw error(start + 1, "expected a number after '\(c)'")
                    }
                    append(try readNumber(), start: start)
                } else if c.isLetter || c == "_" {
                    append(.word(readWord()), start: start)
                } else {
                    throw error(start + 1, "unexpected character '\(c)'; quote key names with odd characters, e.g. params.`n-clusters`")
                }
            }
        }
        tokens.append(SearchToken(kind: .end, column: chars.count + 1, length: 0))
        return tokens
    }

    private var afterDot: Bool {
        if case .dot = tokens.last?.kind { return true }
        return false
    }

    /// After a word, quote or ')' a '.' is a key separator, never the start of `.5`.
    private var afterValueLike: Bool {
        switch tokens.last?.kind {
        case .word, .quoted, .rightParen, .number: return true
        default: return false
        }
    }

    static func isSegmentCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c == "_" || c == "-"
    }

    private mutating func readWord() -> String {
        let start = index
        while let c = peek(), Self.isSegmentCharacter(c) { index += 1 }
        return String(chars[start..<index])
    }

    private mutating func readNumber() throws(SearchError) -> SearchToken.Kind {
        let start = index
        if peek() == "-" || peek() == "+" { index += 1 }
        while let c = peek(), c.isASCII, c.isNumber { index += 1 }
        if peek() == ".", !(peek(1).map { $0.isLetter } ?? false) {
            index += 1
            while let c = peek(), c.isASCII, c.isNumber { index += 1 }
        }
        if let e = peek(), e == "e" || e == "E" {
            var look = 1
            if peek(1) == "-" || peek(1) == "+" { look = 2 }
            if let d = peek(look), d.isASCII, d.isNumber {
                index += look
                while let c = peek(), c.isASCII, c.isNumber { index += 1 }
            }
        }
        if let c = peek(), c.isLetter || c == "_" {
            throw error(index + 1, "unexpected '\(c)' after the number \(String(chars[start..<index])); quote texts, e.g. \"5abc\"")
        }
        let spelling = String(chars[start..<index])
        guard let value = Double(spelling), value.isFinite else {
            throw error(start + 1, "'\(spelling)' is not a finite number")
        }
        return .number(value, text: spelling.hasPrefix("+") ? String(spelling.dropFirst()) : spelling)
    }

    private mutating func readQuoted(quote: Character) throws(SearchError) -> String {
        let start = index
        index += 1
        var out = ""
        while true {
            guard let c = peek() else {
                throw error(start + 1, "unterminated \(quote == "`" ? "quoted key" : "text") starting here; close it with \(quote)")
            }
            index += 1
            if c == quote {
                if peek() == quote { out.append(quote); index += 1; continue }
                return out
            }
            if c == "\\" {
                guard let e = peek() else { continue }
                index += 1
                switch e {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                case "0": out.append("\0")
                default: out.append(e)
                }
                continue
            }
            out.append(c)
        }
    }
}

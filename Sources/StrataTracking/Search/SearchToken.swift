/// One lexical token of the search language, with its 1-based column.
struct SearchToken: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        /// A bare word: keyword or key segment (`metrics`, `and`, `n-clusters`).
        case word(String)
        /// A quoted text; `quote` is `'`, `"` or `` ` ``.
        case quoted(String, quote: Character)
        /// A number literal; `text` is its source spelling.
        case number(Double, text: String)
        case dot, comma, leftParen, rightParen
        case comparison(SearchOperator)
        case end
    }

    let kind: Kind
    let column: Int
    /// Source length in characters (for the end column of multi-character tokens).
    let length: Int

    /// How the token is named in "found …" error messages.
    var spelling: String {
        switch kind {
        case .word(let w): return "'\(w)'"
        case .quoted(let s, let q): return "\(q)\(s)\(q)"
        case .number(_, let text): return text
        case .dot: return "'.'"
        case .comma: return "','"
        case .leftParen: return "'('"
        case .rightParen: return "')'"
        case .comparison(let op): return "'\(op.rawValue)'"
        case .end: return "end of query"
        }
    }

    /// True when the token is the bare word `keyword`, compared case-insensitively.
    func isKeyword(_ keyword: String) -> Bool {
        if case .word(let w) = kind { return w.lowercased() == keyword }
        return false
    }
}

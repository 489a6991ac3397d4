/// Recursive-descent parser for the search language (grammar in ``SearchQuery``).
///
/// Every error carries the 1-based column of the token it stopped at and says what it expected.
struct SearchParser {
    let text: String
    private let tokens: [SearchToken]
    private var position = 0

    init(_ text: String) throws(SearchError) {
        self.text = text
        self.tokens = try SearchLexer.tokenize(text)
    }

    var current: SearchToken { tokens[position] }

    var currentIsComma: Bool {
        if case .comma = current.kind { return true }
        return false
    }

    mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    func error(_ token: SearchToken, _ message: String) -> SearchError {
        SearchError(query: text, column: token.column, message: message)
    }

    func expected(_ what: String) -> SearchError {
        error(current, "expected \(what), found \(current.spelling)")
    }

    mutating func expectEnd() throws(SearchError) {
        guard case .end = current.kind else {
            throw expected("end of query (or 'and', 'or', 'order by', 'limit')")
        }
    }

    // MARK: query

    mutating func parseQuery() throws(SearchError) -> SearchQuery {
        var query = SearchQuery()
        if case .end = current.kind { return query }
        if !current.isKeyword("order") && !current.isKeyword("limit") && !current.isKeyword("offset") {
            query.filter = try parseOr()
        }
        if current.isKeyword("order") {
            advance()
            guard current.isKeyword("by") else { throw expected("'by' after 'order'") }
            advance()
            repeat {
                if case .comma = current.kind { advance() }
                let key = try parseKey()
                var descending = false
                if current.isKeyword("desc") || current.isKeyword("descending") { descending = true; advance() }
                else if current.isKeyword("asc") || current.isKeyword("ascending") { advance() }
                query.ordering.append(SearchOrdering(key: key, descending: descending))
            } while currentIsComma
        }
        if current.isKeyword("limit") {
            advance()
            query.limit = try parseCount(after: "limit")
        }
        if current.isKeyword("offset") {
            advance()
            query.offset = try parseCount(after: "offset")
        }
        guard case .end = current.kind else {
            if query.filter != nil, query.ordering.isEmpty, query.limit == nil, query.offset == nil {
                throw expected("'and', 'or', 'order by', 'limit', 'offset' or end of query")
            }
            throw expected("end of query")
        }
        return query
    }

    private mutating func parseCount(after keyword: String) throws(SearchError) -> Int {
        guard case .number(let v, _) = current.kind, v >= 0, v == v.rounded(), v <= Double(Int32.max) else {
            throw expected("a whole number ≥ 0 after '\(keyword)'")
        }
        advance()
        return Int(v)
    }

    // MARK: expressions

    mutating func parseOr() throws(SearchError) -> SearchExpression {
        var lhs = try parseAnd()
        while current.isKeyword("or") {
            advance()
            lhs = .or(lhs, try parseAnd())
        }
        return lhs
    }

    mutating func parseAnd() throws(SearchError) -> SearchExpression {
        var lhs = try parseUnary()
        while current.isKeyword("and") {
            advance()
            lhs = .and(lhs, try parseUnary())
        }
        return lhs
    }

    mutating func parseUnary() throws(SearchError) -> SearchExpression {
        if current.isKeyword("not") {
            advance()
            return .not(try parseUnary())
        }
        if case .leftParen = current.kind {
            advance()
            let inner = try parseOr()
            guard case .rightParen = current.kind else { throw expected("')' or 'and', 'or'") }
            advance()
            return inner
        }
        return .predicate(try parsePredicate())
    }

    mutating func parsePredicate() throws(SearchError) -> SearchPredicate {
        let keyToken = current
        let key = try parseKey()
        let opToken = current
        var op: SearchOperator
        switch current.kind {
        case .comparison(let c): op = c; advance()
        case .word(let w):
            switch w.lowercased() {
            case "contains": op = .contains
            case "in": op = .in
            case "exists": op = .exists
            case "not":
                advance()
                if current.isKeyword("in") { op = .notIn }
                else if current.isKeyword("contains") { op = .notContains }
                else if current.isKeyword("exists") { op = .notExists }
                else { throw expected("'in', 'contains' or 'exists' after 'not'") }
            default:
                throw expected("an operator (=, !=, <, <=, >, >=, contains, in, exists) after \(key.spelling)")
            }
            advance()
        default:
            throw expected("an operator (=, !=, <, <=, >, >=, contains, in, exists) after \(key.spelling)")
        }
        var values: [(SearchLiteral, SearchToken)] = []
        switch op {
        case .exists, .notExists: break
        case .in, .notIn:
            guard case .leftParen = current.kind else { throw expected("'(' and a list of values after '\(op.rawValue)'") }
            advance()
            values.append(try parseValue())
            while case .comma = current.kind {
                advance()
                values.append(try parseValue())
            }
            guard case .rightParen = current.kind else { throw expected("',' or ')' in the value list") }
            advance()
        default:
            values.append(try parseValue())
        }
        return try validated(SearchPredicate(key: key, op: op), values: values, keyToken: keyToken, opToken: opToken)
    }

    mutating func parseValue() throws(SearchError) -> (SearchLiteral, SearchToken) {
        let token = current
        switch token.kind {
        case .number(let v, let text): advance(); return (.number(v, text: text), token)
        case .quoted(let s, let q) where q != "`": advance(); return (.string(s), token)
        case .quoted:
            throw error(token, "backticks quote key names; write text values in '…' or \"…\"")
        default:
            throw expected("a value (a number or a quoted text such as \"dbscan\")")
        }
    }

    // MARK: keys

    mutating func parseKey() throws(SearchError) -> SearchKey {
        let token = current
        guard case .word(let word) = token.kind else { throw expected(Self.keyHint) }
        let lower = word.lowercased()
        if let attribute = SearchAttribute(rawValue: lower) {
            advance()
            return .attribute(attribute)
        }
        if lower == "displayname" { advance(); return .attribute(.displayName) }
        let family: String
        switch lower {
        case "params", "param", "parameters": family = "params"
        case "metrics", "metric": family = "metrics"
        case "tags", "tag": family = "tags"
        default: throw error(token, "unknown key '\(word)'; expected \(Self.keyHint)")
        }
        advance()
        guard case .dot = current.kind else { throw expected("'.' and a name after '\(word)'") }
        var segments: [(String, quoted: Bool)] = []
        while case .dot = current.kind {
            advance()
            switch current.kind {
            case .word(let w): segments.append((w, false))
            case .quoted(let s, _):
                guard !s.isEmpty else { throw error(current, "a key name cannot be empty") }
                segments.append((s, true))
            case .number(_, let text): segments.append((text, false))
            default: throw expected("a name after '.' (quote odd names: \(family).`n-clusters`)")
            }
            advance()
        }
        switch family {
        case "params": return .parameter(segments.map(\.0).joined(separator: "."))
        case "tags": return .tag(segments.map(\.0).joined(separator: "."))
        default:
            if segments.count >= 2, let last = segments.last, !last.quoted,
               let aggregate = SearchMetricAggregate(rawValue: last.0.lowercased()) {
                return .metric(segments.dropLast().map(\.0).joined(separator: "."), aggregate)
            }
            return .metric(segments.map(\.0).joined(separator: "."), .last)
        }
    }

    static let keyHint = "a key (name, display_name, status, created, experiment, trial, params.X, metrics.X[.min|max|avg|std|last|count], tags.X)"
}

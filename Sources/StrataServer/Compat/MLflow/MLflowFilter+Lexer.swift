extension MLflowFilter {
    /// Reads clauses and identifiers of the filter grammar from characters.
    struct Lexer {
        let chars: [Character]
        var index = 0

        init(_ chars: [Character]) { self.chars = chars }

        mutating func skipSpace() { while index < chars.count, chars[index].isWhitespace { index += 1 } }

        mutating func atEnd() throws(ServerError) -> Bool { skipSpace(); return index >= chars.count }

        static func isWordCharacter(_ c: Character) -> Bool {
            c.isLetter || c.isNumber || c == "_" || c == "-" || c == ":" || c == "/"
        }

        mutating func word() throws(ServerError) -> String {
            skipSpace()
            let start = index
            while index < chars.count, Self.isWordCharacter(chars[index]) || chars[index] == "." { index += 1 }
            guard index > start else { throw MLflowFilter.invalid("unexpected '\(index < chars.count ? String(chars[index]) : "end")' at column \(index + 1).") }
            return String(chars[start..<index])
        }

        mutating func quoted() throws(ServerError) -> String {
            let quote = chars[index]
            index += 1
            var out = ""
            while index < chars.count {
                let c = chars[index]
                index += 1
                if c == "\\", index < chars.count { out.append(chars[index]); index += 1; continue }
                if c == quote {
                    if index < chars.count, chars[index] == quote { out.append(quote); index += 1; continue }
                    return out
                }
                out.append(c)
            }
            throw MLflowFilter.invalid("unterminated \(quote) quote.")
        }

        /// `prefix.key`, `prefix."key"`, `` prefix.`key` `` or a bare attribute name.
        mutating func identifier() throws(ServerError) -> (Entity, String) {
            skipSpace()
            guard index < chars.count else { throw MLflowFilter.invalid("expected a key at the end of the filter.") }
            if chars[index] == "`" || chars[index] == "\"" { return (.attribute, try quoted()) }
            let start = index
            while index < chars.count, Self.isWordCharacter(chars[index]) { index += 1 }
            let head = String(chars[start..<index])
            guard index < chars.count, chars[index] == "." else {
                guard !head.isEmpty else { throw MLflowFilter.invalid("expected a key at column \(start + 1).") }
                return (.attribute, head)
            }
            index += 1
            let entity: Entity
            switch head.lowercased() {
            case "metric", "metrics": entity = .metric
            case "param", "params", "parameter", "parameters": entity = .parameter
            case "tag", "tags": entity = .tag
            case "attribute", "attributes", "attr", "run": entity = .attribute
            default: throw MLflowFilter.invalid("unknown key type '\(head)'; use metrics., params., tags. or attributes.")
            }
            guard index < chars.count else { throw MLflowFilter.invalid("expected a key name after '\(head).'.") }
            if chars[index] == "`" || chars[index] == "\"" { return (entity, try quoted()) }
            let keyStart = index
            while index < chars.count, Self.isWordCharacter(chars[index]) || chars[index] == "." { index += 1 }
            guard index > keyStart else { throw MLflowFilter.invalid("expected a key name after '\(head).'.") }
            return (entity, String(chars[keyStart..<index]))
        }

        mutating func clause() throws(ServerError) -> Clause {
            let (entity, key) = try identifier()
            skipSpace()
            guard index < chars.count else { throw MLflowFilter.invalid("expected an operator after '\(key)'.") }
            let op: Operator
            if let symbol = symbolOperator() {
                op = symbol
            } else {
                switch try word().uppercased() {
                case "LIKE": op = .like
                case "ILIKE": op = .ilike
                case "IN": op = .in
                case "NOT":
                    guard try word().uppercased() == "IN" else { throw MLflowFilter.invalid("expected IN after NOT.") }
                    op = .notIn
                case "IS":
                    var next = try word().uppercased()
                    let negated = next == "NOT"
                    if negated { next = try word().uppercased() }
                    guard next == "NULL" else { throw MLflowFilter.invalid("expected NULL after IS.") }
                    return Clause(entity: entity, key: key, op: negated ? .isNotNull : .isNull, value: .absent)
                case let other: throw MLflowFilter.invalid("unknown operator '\(other)' after '\(key)'.")
                }
            }
            if op == .in || op == .notIn { return Clause(entity: entity, key: key, op: op, value: try list()) }
            return Clause(entity: entity, key: key, op: op, value: try value())
        }

        mutating func symbolOperator() -> Operator? {
            let rest = chars[index...].prefix(2)
            for (spelling, op) in [("<=", Operator.lessOrEqual), (">=", .greaterOrEqual), ("!=", .notEqual), ("<>", .notEqual),
                                   ("=", .equal), ("<", .less), (">", .greater)] where rest.starts(with: spelling) {
                index += spelling.count
                return op
            }
            return nil
        }

        mutating func value() throws(ServerError) -> Value {
            skipSpace()
            guard index < chars.count else { throw MLflowFilter.invalid("expected a value at the end of the filter.") }
            if chars[index] == "'" || chars[index] == "\"" { return .text(try quoted()) }
            let spelled = try word()
            guard let number = Double(spelled) else {
                throw MLflowFilter.invalid("expected a quoted text or a number, found '\(spelled)'; quote texts, e.g. '\(spelled)'.")
            }
            return .number(number, spelled: spelled)
        }

        mutating func list() throws(ServerError) -> Value {
            skipSpace()
            guard index < chars.count, chars[index] == "(" else { throw MLflowFilter.invalid("expected '(' after IN.") }
            index += 1
            var values: [String] = []
            while true {
                guard let text = try value().text else { throw MLflowFilter.invalid("expected a value in the IN list.") }
                values.append(text)
                skipSpace()
                guard index < chars.count else { throw MLflowFilter.invalid("unterminated IN list.") }
                if chars[index] == ")" { index += 1; return .list(values) }
                guard chars[index] == "," else { throw MLflowFilter.invalid("expected ',' or ')' in the IN list.") }
                index += 1
            }
        }
    }
}

import StrataTracking

/// An independent Swift evaluation of the documented search semantics over the inserted data:
/// the expectation the SQL results are compared with.
struct SearchTestOracle {
    let data: SearchTestDatabase

    // MARK: components

    func componentIDs(_ query: SearchQuery) -> [Int64] {
        var rows = data.components.filter { c in query.filter.map { matches($0, c) } ?? true }
        rows.sort { a, b in
            for ordering in query.ordering {
                let ka = componentSortValues(ordering, a), kb = componentSortValues(ordering, b)
                for (x, y) in zip(ka, kb) {
                    let c = Self.compare(x, y, descending: ordering.descending)
                    if c != 0 { return c < 0 }
                }
            }
            return a.id < b.id
        }
        return page(rows.map(\.id), query)
    }

    func page(_ ids: [Int64], _ query: SearchQuery) -> [Int64] {
        let start = min(query.offset ?? 0, ids.count)
        let end = query.limit.map { min(start + $0, ids.count) } ?? ids.count
        return Array(ids[start..<end])
    }

    func matches(_ e: SearchExpression, _ c: SearchTestComponent) -> Bool {
        switch e {
        case .and(let l, let r): return matches(l, c) && matches(r, c)
        case .or(let l, let r): return matches(l, c) || matches(r, c)
        case .not(let x): return !matches(x, c)
        case .predicate(let p): return componentPredicate(p, c)
        }
    }

    func componentPredicate(_ p: SearchPredicate, _ c: SearchTestComponent) -> Bool {
        switch p.key {
        case .attribute(.name): return single(.text(c.name), p)
        case .attribute(.displayName): return single(c.displayName.map { .text($0) }, p)
        case .attribute(.status): return single(.text(c.status), p)
        case .attribute(.created): return single(.number(c.created), p)
        case .attribute(.trial): return membership(c.trialIDs.map { data.trials[Int($0) - 1].name }, p)
        case .attribute(.experiment):
            return membership(c.trialIDs.map { data.experiments[data.trials[Int($0) - 1].experimentID]! }, p)
        case .parameter(let n): return parameter(c.parameters[n], p)
        case .metric(let n, let a): return single(c.metrics[n].map { .number($0.value(a)) }, p)
        case .tag(let k): return single(c.tags[k].map { .text($0) }, p)
        }
    }

    // MARK: trials

    func trialIDs(_ query: SearchQuery) -> [Int64] {
        var rows = data.trials.filter { t in query.filter.map { trialMatches($0, t) } ?? true }
        rows.sort { a, b in
            for ordering in query.ordering {
                let ka = trialSortValues(ordering, a), kb = trialSortValues(ordering, b)
                for (x, y) in zip(ka, kb) {
                    let c = Self.compare(x, y, descending: ordering.descending)
                    if c != 0 { return c < 0 }
                }
            }
            return a.id < b.id
        }
        return page(rows.map(\.id), query)
    }

    func components(of t: SearchTestTrial) -> [SearchTestComponent] {
        t.componentIDs.map { data.components[Int($0) - 1] }
    }

    func trialMatches(_ e: SearchExpression, _ t: SearchTestTrial) -> Bool {
        switch e {
        case .and(let l, let r): return trialMatches(l, t) && trialMatches(r, t)
        case .or(let l, let r): return trialMatches(l, t) || trialMatches(r, t)
        case .not(let x): return !trialMatches(x, t)
        case .predicate(let p):
            switch p.key {
            case .attribute(.name), .attribute(.trial): return single(.text(t.name), p)
            case .attribute(.displayName): return single(t.displayName.map { .text($0) }, p)
            case .attribute(.created): return single(.number(t.created), p)
            case .attribute(.experiment): return membership([data.experiments[t.experimentID]!], p)
            case .attribute(.status): return membership(components(of: t).map(\.status), p)
            case .tag(let k): return single(t.tags[k].map { .text($0) }, p)
            case .parameter, .metric:
                // Any component satisfying the predicate; `not exists` means none has the key.
                if p.op == .notExists {
                    return !components(of: t).contains { componentPredicate(SearchPredicate(key: p.key, op: .exists), $0) }
                }
                return components(of: t).contains { componentPredicate(p, $0) }
            }
        }
    }

    // MARK: predicate semantics

    enum Value { case number(Double), text(String) }

    /// A single optional value: a missing value satisfies only `not exists`.
    func single(_ v: Value?, _ p: SearchPredicate) -> Bool {
        switch p.op {
        case .exists: return v != nil
        case .notExists: return v == nil
        default:
            guard let v else { return false }
            return test(v, p.op, p.values)
        }
    }

    func membership(_ names: [String], _ p: SearchPredicate) -> Bool {
        switch p.op {
        case .exists: return !names.isEmpty
        case .notExists: return names.isEmpty
        default:
            let any = names.contains { test(.text($0), p.op.positiveForOracle, p.values) }
            return p.op.isNegativeForOracle ? !any : any
        }
    }

    func parameter(_ v: SearchTestParameter?, _ p: SearchPredicate) -> Bool {
        switch p.op {
        case .exists: return v != nil
        case .notExists: return v == nil
        default: break
        }
        guard let v else { return false }
        if p.op == .contains || p.op == .notContains {
            guard case .string(let s) = v else { return false }
            return test(.text(s), p.op, p.values)
        }
        // Only literals of the parameter's own type take part.
        switch v {
        case .number(let x):
            let numbers = p.values.filter { if case .number = $0 { return true } else { return false } }
            return !numbers.isEmpty && test(.number(x), p.op, numbers)
        case .string(let s):
            let texts = p.values.filter { if case .string = $0 { return true } else { return false } }
            return !texts.isEmpty && test(.text(s), p.op, texts)
        }
    }

    func test(_ v: Value, _ op: SearchOperator, _ literals: [SearchLiteral]) -> Bool {
        func cmp(_ l: SearchLiteral) -> Int {
            switch v {
            case .number(let x):
                guard case .number(let y, _) = l else { return 99 }
                return x < y ? -1 : (x > y ? 1 : 0)
            case .text(let s):
                return Self.compareText(s, l.textValue)
            }
        }
        switch op {
        case .equal: return cmp(literals[0]) == 0
        case .notEqual: return cmp(literals[0]) != 0
        case .less: return cmp(literals[0]) < 0
        case .lessOrEqual: return cmp(literals[0]) <= 0
        case .greater: return cmp(literals[0]) == 1
        case .greaterOrEqual: return cmp(literals[0]) == 1 || cmp(literals[0]) == 0
        case .contains, .notContains:
            guard case .text(let s) = v else { return false }
            let needle = literals[0].textValue
            let has = needle.isEmpty || s.utf8.count >= needle.utf8.count && Self.containsBytes(Array(s.utf8), Array(needle.utf8))
            return op == .contains ? has : !has
        case .in: return literals.contains { cmp($0) == 0 }
        case .notIn: return !literals.contains { cmp($0) == 0 }
        case .exists, .notExists: return true
        }
    }

    // MARK: ordering

    enum SortValue { case null, number(Double), text(String) }

    func componentSortValues(_ o: SearchOrdering, _ c: SearchTestComponent) -> [SortValue] {
        switch o.key {
        case .attribute(.name): return [.text(c.name)]
        case .attribute(.displayName): return [c.displayName.map { .text($0) } ?? .null]
        case .attribute(.status): return [.text(c.status)]
        case .attribute(.created): return [.number(c.created)]
        case .attribute(.trial): return [best(c.trialIDs.map { .text(data.trials[Int($0) - 1].name) }, o.descending)]
        case .attribute(.experiment):
            return [best(c.trialIDs.map { .text(data.experiments[data.trials[Int($0) - 1].experimentID]!) }, o.descending)]
        case .metric(let n, let a): return [c.metrics[n].map { .number($0.value(a)) } ?? .null]
        case .parameter(let n):
            switch c.parameters[n] {
            case .number(let x): return [.number(x), .null]
            case .string(let s): return [.null, .text(s)]
            case nil: return [.null, .null]
            }
        case .tag(let k): return [c.tags[k].map { .text($0) } ?? .null]
        }
    }

    func trialSortValues(_ o: SearchOrdering, _ t: SearchTestTrial) -> [SortValue] {
        let cs = components(of: t)
        switch o.key {
        case .attribute(.name), .attribute(.trial): return [.text(t.name)]
        case .attribute(.displayName): return [t.displayName.map { .text($0) } ?? .null]
        case .attribute(.created): return [.number(t.created)]
        case .attribute(.experiment): return [.text(data.experiments[t.experimentID]!)]
        case .attribute(.status): return [best(cs.map { .text($0.status) }, o.descending)]
        case .metric(let n, let a): return [best(cs.compactMap { $0.metrics[n].map { .number($0.value(a)) } }, o.descending)]
        case .parameter(let n):
            let numbers: [SortValue] = cs.compactMap { if case .number(let x)? = $0.parameters[n] { return .number(x) } else { return nil } }
            let texts: [SortValue] = cs.compactMap { if case .string(let s)? = $0.parameters[n] { return .text(s) } else { return nil } }
            return [best(numbers, o.descending), best(texts, o.descending)]
        case .tag(let k): return [t.tags[k].map { .text($0) } ?? .null]
        }
    }

    /// The best value in the sort direction: the largest for descending, the smallest for ascending.
    func best(_ values: [SortValue], _ descending: Bool) -> SortValue {
        values.min { Self.compare($0, $1, descending: descending) < 0 } ?? .null
    }

    /// -1 when `a` sorts first; missing values last in both directions.
    static func compare(_ a: SortValue, _ b: SortValue, descending: Bool) -> Int {
        let raw: Int
        switch (a, b) {
        case (.null, .null): return 0
        case (.null, _): return 1
        case (_, .null): return -1
        case (.number(let x), .number(let y)): raw = x < y ? -1 : (x > y ? 1 : 0)
        case (.text(let x), .text(let y)): raw = compareText(x, y)
        case (.number, .text): raw = -1
        case (.text, .number): raw = 1
        }
        return descending ? -raw : raw
    }

    /// SQLite's BINARY collation: byte-wise comparison of UTF-8.
    static func compareText(_ a: String, _ b: String) -> Int {
        let x = Array(a.utf8), y = Array(b.utf8)
        for (p, q) in zip(x, y) where p != q { return p < q ? -1 : 1 }
        return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
    }

    static func containsBytes(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= hay.count else { return false }
        for start in 0...(hay.count - needle.count) where Array(hay[start..<(start + needle.count)]) == needle { return true }
        return false
    }
}

extension SearchOperator {
    var isNegativeForOracle: Bool { [.notEqual, .notIn, .notContains, .notExists].contains(self) }
    var positiveForOracle: SearchOperator {
        switch self {
        case .notEqual: return .equal
        case .notIn: return .in
        case .notContains: return .contains
        case .notExists: return .exists
        default: return self
        }
    }
}

/// SQL `LIKE` / `ILIKE` patterns as MLflow filters use them: `%` any run of characters, `_` one
/// character. Matching is O(pattern × text) at worst (greedy with backtracking to the last `%`).
struct MLflowLikePattern: Sendable {
    let pattern: [Character]
    let caseInsensitive: Bool

    init(_ pattern: String, caseInsensitive: Bool) {
        self.pattern = Array(caseInsensitive ? pattern.lowercased() : pattern)
        self.caseInsensitive = caseInsensitive
    }

    func matches(_ value: String) -> Bool {
        let text = Array(caseInsensitive ? value.lowercased() : value)
        var p = 0, t = 0
        var star = -1, resume = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "%" {
                star = p; resume = t; p += 1
            } else if p < pattern.count, pattern[p] == "_" || pattern[p] == text[t] {
                p += 1; t += 1
            } else if star >= 0 {
                p = star + 1; resume += 1; t = resume
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "%" { p += 1 }
        return p == pattern.count
    }
}

/// "Did you mean …?" for misspelt keys: the closest known key by edit distance, if close enough
/// to be a plausible typo.
enum KeySuggestion {
    static func closest(to key: String, among candidates: [String]) -> String? {
        var best: (String, Int)?
        // A shortened or lengthened name (min_distance for min_dist) is a likely slip too.
        if key.count >= 3, let stem = candidates.first(where: { $0.count >= 3 && (key.hasPrefix($0) || $0.hasPrefix(key)) }) {
            return stem
        }
        for candidate in candidates {
            let distance = editDistance(key.lowercased(), candidate.lowercased())
            if distance <= max(2, candidate.count / 3), best == nil || distance < best!.1 { best = (candidate, distance) }
        }
        return best?.0
    }

    /// The "unknown key" message: the suggestion if any, else the list of valid keys.
    static func unknownKeyMessage(_ key: String, valid: [String]) -> String {
        if let suggestion = closest(to: key, among: valid) {
            return "unknown key; did you mean \"\(suggestion)\"? (valid: \(valid.joined(separator: ", ")))"
        }
        return "unknown key (valid: \(valid.joined(separator: ", ")))"
    }

    /// Levenshtein distance with adjacent transpositions counted as one edit.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}

/// ISO-8601 date and date-time texts → Unix epoch seconds, for `created` literals.
///
/// Accepts `YYYY-MM-DD`, then optionally `T` or a space, `HH:MM`, `:SS`, `.fraction`, and a zone
/// `Z`, `±HH:MM` or `±HHMM`; no zone means UTC. Hand-written (days-from-civil, H. Hinnant's
/// algorithm) so parsing is exact, locale-free and needs no formatter object.
enum SearchDate {
    static func epochSeconds(_ text: String) -> Double? {
        let s = Array(text.utf8)
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= s.count else { return nil }
            var v = 0
            for k in 0..<n {
                let d = Int(s[i + k]) - 48
                guard d >= 0 && d <= 9 else { return nil }
                v = v * 10 + d
            }
            i += n
            return v
        }
        func take(_ c: UInt8) -> Bool {
            if i < s.count && s[i] == c { i += 1; return true }
            return false
        }
        guard let year = digits(4), take(45), let month = digits(2), take(45), let day = digits(2) else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        var seconds = 0.0
        if i < s.count {
            guard take(84) || take(116) || take(32) else { return nil } // T, t, space
            guard let hour = digits(2), take(58), let minute = digits(2), hour < 24, minute < 60 else { return nil }
            var sec = 0.0
            if take(58) {
                guard let whole = digits(2), whole < 61 else { return nil }
                sec = Double(whole)
                if take(46) {
                    var scale = 0.1
                    let before = i
                    while i < s.count, s[i] >= 48, s[i] <= 57 { sec += Double(s[i] - 48) * scale; scale /= 10; i += 1 }
                    guard i > before else { return nil }
                }
            }
            seconds = Double(hour * 3600 + minute * 60) + sec
            if i < s.count {
                if take(90) || take(122) { // Z
                } else if s[i] == 43 || s[i] == 45 { // + -
                    let sign = s[i] == 45 ? -1.0 : 1.0
                    i += 1
                    guard let oh = digits(2) else { return nil }
                    _ = take(58)
                    guard let om = digits(2), oh < 24, om < 60 else { return nil }
                    seconds -= sign * Double(oh * 3600 + om * 60)
                } else { return nil }
            }
        }
        guard i == s.count else { return nil }
        return Double(daysFromCivil(year: year, month: month, day: day)) * 86_400 + seconds
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

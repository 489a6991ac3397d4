import Testing
import StrataCore

@Test func sameSeedSameStream() {
    var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42), c = SeededGenerator(seed: 43)
    let xa = (0..<100).map { _ in a.next() }
    #expect(xa == (0..<100).map { _ in b.next() })
    #expect(xa != (0..<100).map { _ in c.next() })
}

@Test func unitDrawsStayInRange() {
    var g = SeededGenerator(seed: 7)
    for _ in 0..<10_000 {
        let u = g.nextUnit()
        #expect(u >= 0 && u < 1)
    }
}

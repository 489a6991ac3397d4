import Foundation
import Testing
import StrataData
import StrataPipelines

/// The end of a sweep reads every attempt's `labels.csv` back; what `CSVWriter` wrote must come
/// back exactly, whatever the ids hold.
struct SweepLabelsReadingTests {
    @Test func labelsWrittenWithAwkwardIdsReadBackExactly() throws {
        let labels = [3, -1, 0, 12, Int(Int32.max) + 7, -1, 1]
        let ids = ["plain", "with,comma", "with \"quote\"", "trailing,", ",leading", "", "last"]
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("labels-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try CSVWriter().writeLabels(labels, ids: ids, to: url)
        #expect(SweepCoordinator.parseLabels(try Data(contentsOf: url)) == labels)
    }

    @Test func lineEndingsAndAMissingFinalNewlineAreAccepted() {
        #expect(SweepCoordinator.parseLabels(Data("id,label\r\na,1\r\nb,-1\r\n".utf8)) == [1, -1])
        #expect(SweepCoordinator.parseLabels(Data("id,label\na,1\nb,2".utf8)) == [1, 2])
        #expect(SweepCoordinator.parseLabels(Data("id,label\n".utf8)) == [])
    }

    @Test func aRecordWithoutAnIntegerLabelIsRefused() {
        #expect(SweepCoordinator.parseLabels(Data("id,label\na,1\nb,x\n".utf8)) == nil)
        #expect(SweepCoordinator.parseLabels(Data("id,label\na,1.5\n".utf8)) == nil)
        #expect(SweepCoordinator.parseLabels(Data("id,label\na,\n".utf8)) == nil)
        #expect(SweepCoordinator.parseLabels(Data("id,label\na,99999999999999999999\n".utf8)) == nil)
    }
}

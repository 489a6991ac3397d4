/// UTF-8 text built straight into bytes, numbers included.
///
/// A profile writes one line per segment and feature, four numbers on each, for every attempt
/// of a sweep. `Double.description` makes a String per number (a heap allocation for most) that
/// is then copied; `Double.write(to:)` formats the same shortest text that reads back as the
/// same Double (`0.00916`, not `%.17g`'s `0.0091599999999999997`), and hands its digits to a
/// stream's `_writeASCII`, here appended without a String in between. (Were that hook ever
/// dropped, the text would reach `write(_:)` instead: the same bytes.)
///
/// ```swift
/// var text = ByteText()
/// text.append("mean=")
/// text.append(0.25)   // bytes of "mean=0.25"
/// ```
struct ByteText: TextOutputStream {
    var bytes: [UInt8] = []

    mutating func write(_ string: String) {
        var string = string
        string.withUTF8 { bytes.append(contentsOf: $0) }
    }

    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: buffer)
    }

    mutating func append(_ string: String) { write(string) }

    mutating func append(_ value: Double) { value.write(to: &self) }

    mutating func append(byte: UInt8) { bytes.append(byte) }

    mutating func append(bytes other: [UInt8]) { bytes.append(contentsOf: other) }
}

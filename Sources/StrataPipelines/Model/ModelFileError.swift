/// A segmentation model file (or a cached step) that cannot be read: one sentence naming the
/// file and what is wrong with it.
public enum ModelFileError: Error, Sendable, Hashable, CustomStringConvertible {
    case corrupt(String)
    case unsupportedVersion(found: Int, supported: Int)
    case notAModelFile

    public var description: String {
        switch self {
        case .corrupt(let reason): "the model file is damaged: \(reason)"
        case .unsupportedVersion(let found, let supported):
            "the model file has format version \(found), this Strata reads up to version \(supported); update Strata to read it"
        case .notAModelFile: "not a Strata segmentation model file"
        }
    }
}

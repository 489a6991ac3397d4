import Foundation
import StrataTracking

/// How MLflow's experiment names and ids meet Strata's experiment names, which allow only
/// letters, digits and inner hyphens.
///
/// - An MLflow name that is already a valid Strata name without `--` is used as it is
///   (`segments` ↔ `segments`, `Default` ↔ `Default`).
/// - Any other name of at most 58 UTF-8 bytes becomes `n--` + the lowercase hex of its bytes
///   (`my run` → `n--6d792072756e`), decoded back exactly.
/// - Longer names become `h--` + the SHA-256 hex of their bytes.
/// In every case the MLflow name is also kept in the experiment's `strata.mlflow.name` tag and as
/// its display name (when it fits), so renames and hashed names read back exactly. A name whose
/// Strata form is taken by another experiment gets `-2`, `-3`, … .
///
/// The experiment id is the Strata name itself, except that MLflow's default experiment id `0`
/// is the experiment `Default`: ids are stable, URL-safe and need no lookup table.
enum MLflowNaming {
    static let defaultExperimentID = "0"
    static let defaultExperimentName = "Default"
    /// Tags Strata keeps for MLflow; hidden from MLflow tag lists.
    static let internalTagPrefix = "strata.mlflow."
    static let nameTag = "strata.mlflow.name"
    /// Set (to the deletion time in ms) on a soft-deleted MLflow experiment or run.
    static let deletedTag = "strata.mlflow.deleted"
    /// Longest MLflow experiment name kept (the tag value limit).
    static let maximumNameLength = TrackingLimits.tagValueLength

    /// Soft delete (MLflow's `deleted` lifecycle stage, restorable) or restore.
    static func lifecycleUpdate(deleted: Bool) -> EntityUpdate {
        deleted ? EntityUpdate(setTags: [deletedTag: String(MLflowWire.milliseconds(Date()))]) : EntityUpdate(removeTags: [deletedTag])
    }

    static func strataName(forExperiment name: String) -> String {
        if isPlain(name) { return name }
        let bytes = Array(name.utf8)
        if bytes.count <= 58 { return "n--" + hex(bytes) }
        var hasher = SHA256Hasher()
        hasher.update(bytes)
        return "h--" + hasher.finalize()
    }

    /// The MLflow name of a Strata experiment (one logged natively shows under its own name).
    static func mlflowName(of experiment: Experiment) -> String {
        if let tagged = experiment.tags[nameTag] { return tagged }
        if experiment.name.hasPrefix("n--"), let decoded = unhex(experiment.name.dropFirst(3)) { return decoded }
        return experiment.name
    }

    static func experimentID(strataName: String) -> String {
        strataName == defaultExperimentName ? defaultExperimentID : strataName
    }

    static func strataName(forExperimentID id: String) -> String {
        id == defaultExperimentID ? defaultExperimentName : id
    }

    private static func isPlain(_ name: String) -> Bool {
        guard !name.contains("--") else { return false }
        do { try TrackingLimits.validateName(name, kind: .experiment); return true } catch { return false }
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        var out = ""
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes { out.append(digits[Int(byte >> 4)]); out.append(digits[Int(byte & 15)]) }
        return out
    }

    private static func unhex(_ text: Substring) -> String? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0, !chars.isEmpty else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(chars.count / 2)
        var index = 0
        while index < chars.count {
            guard let high = nibble(chars[index]), let low = nibble(chars[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: return byte - 48
        case 97...102: return byte - 87
        default: return nil
        }
    }
}

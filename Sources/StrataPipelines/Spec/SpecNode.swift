import Foundation
import Yams

/// Where a value of a pipeline came from: a line and column of the file, or a `--set` override
/// (or a sweep's assignment), so every error can point at it.
public enum SpecOrigin: Sendable, Hashable, CustomStringConvertible {
    case file(path: String, line: Int, column: Int)
    case override(String)

    public var description: String {
        switch self {
        case .file(let path, let line, let column): "\(path):\(line):\(column)"
        case .override(let source): source
        }
    }
}

/// The pipeline file as a tree of plain values with their origins: what `--set` and sweep
/// assignments edit before the tree is read into a typed ``PipelineSpec``.
///
/// Scalars keep their text and whether they were quoted, so `"3"` stays a string and `3` a number.
public indirect enum SpecNode: Sendable, Hashable {
    case scalar(String, quoted: Bool, origin: SpecOrigin)
    case sequence([SpecNode], origin: SpecOrigin)
    /// Keys in file order.
    case mapping([SpecEntry], origin: SpecOrigin)

    public var origin: SpecOrigin {
        switch self {
        case .scalar(_, _, let origin), .sequence(_, let origin), .mapping(_, let origin): origin
        }
    }

    /// A short name of the node's shape, for "expected …, got …" messages.
    var shapeName: String {
        switch self {
        case .scalar(let text, let quoted, _): quoted ? "the string \"\(text)\"" : "\"\(text)\""
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }

    /// The entries of a mapping, or nil.
    var entries: [SpecEntry]? {
        if case .mapping(let entries, _) = self { return entries }
        return nil
    }

    /// The value stored under `key` in a mapping.
    subscript(key: String) -> SpecNode? {
        entries?.first { $0.key == key }?.value
    }
}

/// One `key: value` of a mapping, with where the key was written.
public struct SpecEntry: Sendable, Hashable {
    public var key: String
    public var keyOrigin: SpecOrigin
    public var value: SpecNode
}

extension SpecNode {
    /// Parses YAML text into a tree; a syntax error names the line and column.
    static func parse(yaml text: String, path: String) throws(PipelineError) -> SpecNode {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw PipelineError.syntax(path: path, message: Self.describe(error))
        } catch {
            throw PipelineError.syntax(path: path, message: "\(error)")
        }
        guard let node else { throw PipelineError.syntax(path: path, message: "the file is empty") }
        return try SpecNode(node, path: path)
    }

    /// One YAML value given on the command line (`--set key=value`).
    static func parseValue(_ text: String, source: String) throws(PipelineError) -> SpecNode {
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch {
            throw PipelineError.invalid(origin: .override(source), key: source,
                                        message: "the value is not valid YAML: \(text)")
        }
        guard let node else { return .scalar("", quoted: false, origin: .override(source)) }
        return try SpecNode(node, path: source).reoriginated(.override(source))
    }

    private init(_ node: Node, path: String) throws(PipelineError) {
        // Yams' marks are already 1-based.
        let origin = SpecOrigin.file(path: path, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        switch node {
        case .scalar(let scalar):
            self = .scalar(scalar.string, quoted: scalar.style == .singleQuoted || scalar.style == .doubleQuoted, origin: origin)
        case .sequence(let sequence):
            var items: [SpecNode] = []
            for item in sequence { items.append(try SpecNode(item, path: path)) }
            self = .sequence(items, origin: origin)
        case .mapping(let mapping):
            var entries: [SpecEntry] = []
            for (key, value) in mapping {
                let keyNode = try SpecNode(key, path: path)
                guard case .scalar(let name, _, let keyOrigin) = keyNode else {
                    throw PipelineError.invalid(origin: keyNode.origin, key: "", message: "a mapping key must be a plain name")
                }
                if entries.contains(where: { $0.key == name }) {
                    throw PipelineError.invalid(origin: keyOrigin, key: name, message: "the key is given twice")
                }
                entries.append(SpecEntry(key: name, keyOrigin: keyOrigin, value: try SpecNode(value, path: path)))
            }
            self = .mapping(entries, origin: origin)
        case .alias:
            throw PipelineError.invalid(origin: origin, key: "", message: "YAML aliases are not supported in pipeline files")
        }
    }

    private func reoriginated(_ origin: SpecOrigin) -> SpecNode {
        switch self {
        case .scalar(let text, let quoted, _): .scalar(text, quoted: quoted, origin: origin)
        case .sequence(let items, _): .sequence(items.map { $0.reoriginated(origin) }, origin: origin)
        case .mapping(let entries, _):
            .mapping(entries.map { SpecEntry(key: $0.key, keyOrigin: origin, value: $0.value.reoriginated(origin)) }, origin: origin)
        }
    }

    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            "line \(mark.line), column \(mark.column): \(problem)"
        case .duplicatedKeysInMapping(let duplicates, _):
            "duplicate keys \(duplicates.joined(separator: ", "))"
        default:
            "\(error)"
        }
    }
}

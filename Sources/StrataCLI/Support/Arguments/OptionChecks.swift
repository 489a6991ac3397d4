import ArgumentParser
import StrataCore

/// Runs a library configuration's own range checks while the command line is parsed, so a bad
/// value is refused before any input is read, and rewrites the library's property names in the
/// message into the options the user typed (`neighborCount` → `--n-neighbors`).
///
/// - Parameter options: library property name → command-line option.
func checkOptions(_ options: [String: String], _ body: () throws(StrataError) -> Void) throws {
    do { try body() } catch {
        throw ValidationError(renaming(error.description, options))
    }
}

/// `text` with every whole-word occurrence of a key of `names` replaced by its value.
func renaming(_ text: String, _ names: [String: String]) -> String {
    var out = "", word = ""
    func flush() { out += names[word] ?? word; word = "" }
    for character in text {
        if character.isLetter || character.isNumber || character == "_" { word.append(character) } else { flush(); out.append(character) }
    }
    flush()
    return out
}

import StrataData
enum Preprocess { static func run(_ args: [String]) throws { print("unknown verb \(args[1])") } }

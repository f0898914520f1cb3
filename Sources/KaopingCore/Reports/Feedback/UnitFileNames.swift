/// File names for per-unit outputs (`units/<code>.html`). A unit code comes from input, so it
/// is reduced to letters, digits, `-` and `_` (anything else becomes `_`, a leading dot
/// cannot survive): `../x` can never write outside the folder. Two codes that reduce to the
/// same name get `-2`, `-3` … in listing order, so no sheet overwrites another.
public struct UnitFileNames: Sendable {
    public private(set) var names: [String: String] = [:]

    public init(codes: [String]) {
        var taken = Set<String>()
        for code in codes where names[code] == nil {
            let base = Self.sanitised(code)
            var name = base
            var suffix = 2
            while taken.contains(name.lowercased()) {
                name = "\(base)-\(suffix)"
                suffix += 1
            }
            taken.insert(name.lowercased())
            names[code] = name
        }
    }

    public subscript(code: String) -> String? { names[code] }

    static func sanitised(_ code: String) -> String {
        var name = ""
        for scalar in code.unicodeScalars {
            let ascii = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_")
            // Chinese letters are fine in file names on every system the office uses.
            let cjk = scalar.value >= 0x4E00 && scalar.value <= 0x9FFF
            name.unicodeScalars.append(ascii || cjk ? scalar : "_")
            if name.utf8.count >= 120 { break }
        }
        return name.isEmpty ? "_" : name
    }
}

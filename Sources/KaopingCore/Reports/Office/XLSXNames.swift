/// Cell references, sheet names and value checks for SpreadsheetML.
enum XLSXNames {
    /// Column letters for a 1-based column number: 1 → A, 26 → Z, 27 → AA, 703 → AAA.
    /// The letters are a bijective base-26 numeral (there is no zero digit), hence the `- 1`.
    static func columnLetters(_ column: Int) -> String {
        precondition(column >= 1, "column numbers start at 1")
        var remaining = column
        var letters: [Character] = []
        while remaining > 0 {
            remaining -= 1
            letters.append(Character(Unicode.Scalar(UInt8(65 + remaining % 26))))
            remaining /= 26
        }
        return String(letters.reversed())
    }

    /// "B3" for row 3, column 2 (both 1-based).
    static func cellReference(row: Int, column: Int) -> String {
        "\(columnLetters(column))\(row)"
    }

    /// "B3" → "$B$3", for defined names.
    static func absolute(_ reference: String) -> String {
        let letters = reference.prefix { $0.isLetter }
        return "$\(letters)$\(reference.dropFirst(letters.count))"
    }

    /// A sheet name inside a formula or defined name: always quoted, apostrophes doubled.
    static func quotedSheetName(_ name: String) -> String {
        "'\(OfficeXML.replacing("'", in: name, with: "''"))'"
    }

    static let maxSheetNameLength = 31

    /// Legal and unique Excel sheet names for the given wishes, in order.
    ///
    /// Excel rejects `[ ] : * ? / \`, names longer than 31 UTF-16 units, empty names, names
    /// starting or ending with an apostrophe, and names equal to another sheet's ignoring
    /// case; "History" is reserved for its change-tracking sheet. Forbidden characters become
    /// "_", XML-illegal control characters are dropped, and a clash gets " (2)", " (3)" … as
    /// Excel itself does when copying a sheet, shortening the name so the suffix fits.
    static func sheetNames(_ wishes: [String]) -> [String] {
        var taken: Set<String> = ["history"]
        var result: [String] = []
        for (index, wish) in wishes.enumerated() {
            let base = cleanedSheetName(wish, fallback: "Sheet\(index + 1)")
            var candidate = base
            var counter = 1
            while taken.contains(foldedSheetName(candidate)) {
                counter += 1
                let suffix = " (\(counter))"
                let room = maxSheetNameLength - suffix.utf16.count
                candidate = trimmedApostrophes(OfficeXML.prefix(base, utf16Units: room)) + suffix
            }
            taken.insert(foldedSheetName(candidate))
            result.append(candidate)
        }
        return result
    }

    private static func cleanedSheetName(_ wish: String, fallback: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in wish.unicodeScalars {
            switch scalar {
            case "[", "]", ":", "*", "?", "/", "\\":
                scalars.append("_")
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    continue
                }
                scalars.append(scalar)
            }
        }
        let cut = OfficeXML.prefix(String(scalars), utf16Units: maxSheetNameLength)
        let trimmed = trimmedApostrophes(cut)
        return trimmed.allSatisfy(\.isWhitespace) ? fallback : trimmed
    }

    private static func trimmedApostrophes(_ name: String) -> String {
        var scalars = Substring(name).unicodeScalars
        while scalars.first == "'" { scalars = scalars.dropFirst() }
        while scalars.last == "'" { scalars = scalars.dropLast() }
        return String(scalars)
    }

    private static func foldedSheetName(_ name: String) -> String {
        name.lowercased()
    }

    /// `[+-]?[0-9]+(\.[0-9]+)?` on ASCII digits only: the shape every spreadsheet reads as the
    /// same number in any locale.
    static func isPlainDecimal(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            bytes = bytes.dropFirst()
        }
        let isDigit: (UInt8) -> Bool = { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        let integer = bytes.prefix(while: isDigit)
        guard !integer.isEmpty else { return false }
        bytes = bytes.dropFirst(integer.count)
        guard let dot = bytes.first else { return true }
        guard dot == UInt8(ascii: ".") else { return false }
        bytes = bytes.dropFirst()
        return !bytes.isEmpty && bytes.allSatisfy(isDigit)
    }

    /// Text that a spreadsheet would take for a formula (or a DDE call via "-" / "+" / "@")
    /// when the cell is edited, or that CSV-era tools treat as one.
    static func looksLikeFormula(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first else { return false }
        return first == "=" || first == "+" || first == "-" || first == "@" || first == "\t" || first == "\r"
    }
}

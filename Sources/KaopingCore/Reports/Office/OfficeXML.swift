/// Pieces of XML that every OOXML package needs, shared by the XLSX and DOCX writers.
enum OfficeXML {
    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    static let relationshipsNamespace = "http://schemas.openxmlformats.org/package/2006/relationships"
    static let officeDocumentRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    struct Relationship {
        var id: String
        /// The last segment of the relationship type URI, e.g. "officeDocument" or "styles".
        var type: String
        var target: String
        /// Core properties live under a package namespace, not the officeDocument one.
        var typeURI: String {
            type == "metadata/core-properties"
                ? "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
                : "\(officeDocumentRelationships)/\(type)"
        }
    }

    static func relationships(_ items: [Relationship]) -> String {
        var xml = declaration + "<Relationships xmlns=\"\(relationshipsNamespace)\">"
        for item in items {
            xml += "<Relationship Id=\"\(MarkupText.escaped(item.id))\" Type=\"\(item.typeURI)\" "
                + "Target=\"\(MarkupText.escaped(item.target))\"/>"
        }
        return xml + "</Relationships>"
    }

    /// The package-level relationships: the main part plus the two property parts.
    static func rootRelationships(mainPart: String) -> String {
        relationships([
            Relationship(id: "rId1", type: "officeDocument", target: mainPart),
            Relationship(id: "rId2", type: "metadata/core-properties", target: "docProps/core.xml"),
            Relationship(id: "rId3", type: "extended-properties", target: "docProps/app.xml"),
        ])
    }

    /// `overrides` maps absolute part names ("/xl/workbook.xml") to content types.
    static func contentTypes(overrides: [(part: String, type: String)]) -> String {
        var xml = declaration + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        let all = overrides + [
            ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
            ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"),
        ]
        for item in all {
            xml += "<Override PartName=\"\(MarkupText.escaped(item.part))\" ContentType=\"\(item.type)\"/>"
        }
        return xml + "</Types>"
    }

    /// Core properties with no creation or modification date: a timestamp would make every
    /// build differ, and Office fills the dates in itself when the file is saved.
    static let coreProperties = declaration
        + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
        + "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
        + "xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" "
        + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"></cp:coreProperties>"

    /// Extended properties; no Application or version is claimed, so no reader applies
    /// quirks meant for files that a particular Office version wrote.
    static let appProperties = declaration
        + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" "
        + "xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
        + "<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
        + "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        + "<HyperlinksChanged>false</HyperlinksChanged></Properties>"

    /// Cuts text to at most `limit` UTF-16 code units (the unit Office counts in) without
    /// splitting a character.
    static func prefix(_ text: String, utf16Units limit: Int) -> String {
        guard text.utf16.count > limit else { return text }
        var result = ""
        var used = 0
        for character in text {
            let width = character.utf16.count
            if used + width > limit { break }
            result.append(character)
            used += width
        }
        return result
    }

    /// Splits at "\r\n", "\r" and "\n"; an empty text is one empty line. Works on scalars
    /// because Swift counts "\r\n" as a single Character, which Character-based splitting
    /// and searching would not see as "\n".
    static func lines(_ text: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var afterCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" && afterCR {
                afterCR = false
                continue
            }
            afterCR = scalar == "\r"
            if scalar == "\n" || scalar == "\r" {
                lines.append(String(current))
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        lines.append(String(current))
        return lines
    }

    /// Replaces every occurrence of one scalar, for the same reason as `lines`.
    static func replacing(_ target: Unicode.Scalar, in text: String, with replacement: String) -> String {
        guard text.unicodeScalars.contains(target) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == target { out.append(contentsOf: replacement.unicodeScalars) } else { out.append(scalar) }
        }
        return String(out)
    }

    static func bytes(_ text: String) -> [UInt8] {
        Array(text.utf8)
    }
}

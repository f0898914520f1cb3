import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import KaopingCore
import Testing

/// A parsed XML element; names are kept qualified ("w:p") since the tests compare them as written.
final class ParsedXML {
    let name: String
    let attributes: [String: String]
    var children: [ParsedXML] = []
    var text = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    subscript(attribute: String) -> String? { attributes[attribute] }

    /// This element and every descendant with the name, in document order.
    func all(_ name: String) -> [ParsedXML] {
        var found: [ParsedXML] = []
        func walk(_ node: ParsedXML) {
            if node.name == name { found.append(node) }
            node.children.forEach(walk)
        }
        walk(self)
        return found
    }

    func first(_ name: String) -> ParsedXML? { all(name).first }

    func child(_ name: String) -> ParsedXML? { children.first { $0.name == name } }

    /// Parses with Foundation's XMLParser, so a file that is not well-formed fails the test.
    static func parse(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws -> ParsedXML {
        let builder = Builder()
        let parser = XMLParser(data: Data(bytes))
        parser.delegate = builder
        let ok = parser.parse()
        #expect(ok, "XML not well-formed: \(String(describing: parser.parserError))", sourceLocation: sourceLocation)
        return try #require(builder.root, sourceLocation: sourceLocation)
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var root: ParsedXML?
        var stack: [ParsedXML] = []

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            let node = ParsedXML(name: elementName, attributes: attributeDict)
            stack.last?.children.append(node)
            if root == nil { root = node }
            stack.append(node)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?) {
            stack.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }
    }
}

/// An Office file read back with ZIPFoundation, by part name.
struct OfficeTestArchive {
    let names: [String]
    let parts: [String: [UInt8]]

    init(_ bytes: [UInt8]) throws {
        let read = try OfficePackage.parts(of: bytes)
        names = read.map(\.path)
        parts = Dictionary(uniqueKeysWithValues: read.map { ($0.path, $0.bytes) })
    }

    func text(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        String(decoding: try #require(parts[name], "missing part \(name)", sourceLocation: sourceLocation), as: UTF8.self)
    }

    func xml(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> ParsedXML {
        try ParsedXML.parse(try #require(parts[name], "missing part \(name)", sourceLocation: sourceLocation),
                            sourceLocation: sourceLocation)
    }
}

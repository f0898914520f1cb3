import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import KaopingCore

/// An element of a rendered chart, parsed back with Foundation's XML parser so the tests check
/// what a browser would see (unescaped text, real attributes), not string fragments.
final class ChartSVGNode {
    let name: String
    let attributes: [String: String]
    var children: [ChartSVGNode] = []
    /// Character data directly inside this element, entities already resolved.
    var text = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    /// This element and all below it, in document order.
    var descendants: [ChartSVGNode] {
        [self] + children.flatMap(\.descendants)
    }

    func all(_ name: String) -> [ChartSVGNode] {
        descendants.filter { $0.name == name }
    }

    func number(_ attribute: String) -> Double? {
        attributes[attribute].flatMap(Double.init)
    }

    /// The four numbers of the root's viewBox.
    var viewBox: [Double] {
        (attributes["viewBox"] ?? "").split(separator: " ").compactMap { Double($0) }
    }
}

struct ChartSVGParseError: Error, CustomStringConvertible {
    var description: String
}

private final class ChartSVGBuilder: NSObject, XMLParserDelegate {
    var stack: [ChartSVGNode] = []
    var root: ChartSVGNode?

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        let node = ChartSVGNode(name: elementName, attributes: attributes)
        stack.last?.children.append(node)
        if root == nil { root = node }
        stack.append(node)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.text += string
    }
}

/// Parses `svg` strictly; throws when it is not well-formed XML or not an `<svg>` document.
func parseChartSVG(_ svg: String) throws -> ChartSVGNode {
    let parser = XMLParser(data: Data(svg.utf8))
    let builder = ChartSVGBuilder()
    parser.delegate = builder
    guard parser.parse(), let root = builder.root else {
        throw ChartSVGParseError(description: "not well-formed: \(parser.parserError.map { "\($0)" } ?? "no root")")
    }
    guard root.name == "svg", root.attributes["xmlns"] == "http://www.w3.org/2000/svg" else {
        throw ChartSVGParseError(description: "root is <\(root.name)>, not an SVG element")
    }
    return root
}

/// Every numeric geometry attribute is an integer or has exactly one decimal: the output of the
/// fixed formatter, never a platform's `Double` description.
let chartGeometryAttributes: Set<String> = ["x", "y", "x1", "y1", "x2", "y2", "width", "height", "font-size", "stroke-width"]

func isFixedDecimal(_ text: String) -> Bool {
    var body = Substring(text)
    if body.hasPrefix("-") { body = body.dropFirst() }
    let parts = body.split(separator: ".", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].allSatisfy(\.isASCII), parts[0].allSatisfy(\.isNumber) else {
        return false
    }
    return parts.count == 1 || (parts[1].count == 1 && parts[1].allSatisfy(\.isNumber) && parts[1] != "0")
}

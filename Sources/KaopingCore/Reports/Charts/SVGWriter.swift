/// Appends SVG elements to a string. Every piece of caller text goes through
/// `MarkupText.escaped` here, and only here, so no chart can forget to escape a label.
/// The output uses no `id`s: the charts are inlined into one HTML bulletin, where ids from two
/// charts would collide, so hatching is drawn as plain lines instead of `<pattern>`s.
struct SVGWriter {
    enum Anchor: String {
        case start, middle, end
    }

    static let fontFamily = "\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"Microsoft YaHei\",\"SimHei\",sans-serif"
    static let ink = "#212121"
    static let mutedInk = "#616161"
    /// A4 text width (156 mm) at 96 dpi: at this size a 12 px label prints at 9 pt.
    static let pageWidth = 590.0

    private(set) var output = ""

    /// `width="100%"` lets the page scale the chart to its column; the max-width keeps a wide
    /// browser window from blowing 12 px labels up to poster size.
    init(width: Double, height: Double, title: String, description: String) {
        let w = ChartText.number(width)
        output = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(w) \(ChartText.number(height))\""
        output += " width=\"100%\" style=\"max-width:\(w)px\" role=\"img\""
        output += " font-family='\(Self.fontFamily)' font-size=\"12\" fill=\"\(Self.ink)\">\n"
        output += "<title>\(MarkupText.escaped(title))</title>\n"
        output += "<desc>\(MarkupText.escaped(description))</desc>\n"
    }

    mutating func finish() -> String {
        output += "</svg>\n"
        return output
    }

    /// A group whose `<title>` is the hover tooltip and accessible name of what it contains.
    mutating func beginGroup(title: String) {
        output += "<g><title>\(MarkupText.escaped(title))</title>"
    }

    mutating func endGroup() {
        output += "</g>\n"
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil) {
        output += "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(width, 0)))\" height=\"\(n(max(height, 0)))\" fill=\"\(fill)\""
        if let stroke { output += " stroke=\"\(stroke)\" stroke-width=\"1\"" }
        output += "/>"
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1, dash: String? = nil) {
        output += "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\""
        if let dash { output += " stroke-dasharray=\"\(dash)\"" }
        output += "/>"
    }

    /// One text line. `halo` paints a stroke of the background colour under the glyphs so text
    /// stays legible where it crosses a grid or reference line.
    mutating func text(
        _ content: String, x: Double, y: Double, size: Double, anchor: Anchor = .start,
        fill: String? = nil, bold: Bool = false, halo: String? = nil
    ) {
        output += "<text x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\""
        if anchor != .start { output += " text-anchor=\"\(anchor.rawValue)\"" }
        if let fill { output += " fill=\"\(fill)\"" }
        if bold { output += " font-weight=\"bold\"" }
        if let halo {
            output += " stroke=\"\(halo)\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\""
        }
        output += ">\(MarkupText.escaped(content))</text>"
    }

    /// Diagonal "/" hatching confined to a rectangle, computed rather than clipped so it needs
    /// neither a `<pattern>` nor a `<clipPath>` (both would need ids).
    mutating func hatch(x: Double, y: Double, width: Double, height: Double, spacing: Double, stroke: String, lineWidth: Double = 1) {
        guard width >= 1, height >= 1, spacing > 0 else { return }
        var path = ""
        // Lines a - b = c in local coordinates (a rightwards, b upwards from the bottom-left).
        var c = -height + spacing / 2
        while c < width {
            let a0 = max(0, c), a1 = min(width, c + height)
            if a1 > a0 {
                path += "M\(n(x + a0)) \(n(y + height - (a0 - c)))L\(n(x + a1)) \(n(y + height - (a1 - c)))"
            }
            c += spacing
        }
        output += "<path d=\"\(path)\" stroke=\"\(stroke)\" stroke-width=\"\(n(lineWidth))\" fill=\"none\"/>"
    }

    mutating func newline() {
        output += "\n"
    }

    private func n(_ value: Double) -> String {
        ChartText.number(value)
    }

    /// The whole SVG for a chart with nothing to show: still titled, still valid, and saying so.
    static func emptyChart(title: String, message: String = "无数据") -> String {
        let margin = 8.0
        let titleLines = ChartText.wrapped(title, maxWidth: pageWidth - 2 * margin, fontSize: 14, maxLines: 4)
        let shownTitle = title.isEmpty ? [] : titleLines
        let top = margin + Double(shownTitle.count) * 20
        var writer = SVGWriter(width: pageWidth, height: top + 48, title: title.isEmpty ? message : title, description: message)
        for (index, line) in shownTitle.enumerated() {
            writer.text(line, x: margin, y: margin + 14 + Double(index) * 20, size: 14, bold: true)
        }
        writer.rect(x: margin, y: top + 8, width: pageWidth - 2 * margin, height: 32, fill: "#FAFAFA", stroke: "#E0E0E0")
        writer.text(message, x: pageWidth / 2, y: top + 29, size: 13, anchor: .middle, fill: mutedInk)
        writer.newline()
        return writer.finish()
    }
}

/// An sRGB colour with integer channels, so interpolated colours print identically everywhere.
struct RGBColour: Equatable {
    var red: Int, green: Int, blue: Int

    var hex: String {
        let digits = Array("0123456789ABCDEF")
        var text = "#"
        for channel in [red, green, blue] {
            let value = min(max(channel, 0), 255)
            text.append(digits[value / 16])
            text.append(digits[value % 16])
        }
        return text
    }

    /// Rec. 601 luma on 0…255: the grey a greyscale printer will roughly produce.
    var luma: Int {
        (299 * red + 587 * green + 114 * blue) / 1000
    }

    /// Straight-line interpolation; `t` is clamped so out-of-range shares still get a ramp colour.
    static func mix(_ from: RGBColour, _ to: RGBColour, _ t: Double) -> RGBColour {
        let t = t.isFinite ? min(max(t, 0), 1) : 0
        func channel(_ a: Int, _ b: Int) -> Int { a + Int((Double(b - a) * t).rounded()) }
        return RGBColour(red: channel(from.red, to.red), green: channel(from.green, to.green), blue: channel(from.blue, to.blue))
    }
}

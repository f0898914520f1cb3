#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes the documents people read into a staged report folder: bulletin.md, bulletin.html,
/// bulletin.docx, ranking.xlsx, units/<code>.html, and bulletin.pdf when a printer is given.
struct DocumentPublisher {
    let appraisal: Appraisal
    let settings: BulletinSettings
    let rejects: RejectLedger
    let calendar: WorkingCalendar
    let printer: PDFPrinter?
    var history = RunHistory.none

    enum Problem: Error {
        case bulletin(BulletinProblem)
        case file(OutputFile.Problem)
        case office(path: String, reason: String)
        case pdf(PDFPrinter.Problem)
    }

    /// The files written, relative to the folder, in the order they were written.
    func write(into folder: ReportFolder) throws(Problem) -> [String] {
        var composer = BulletinComposer(appraisal: appraisal, settings: settings, rejects: rejects, calendar: calendar)
        composer.history = history
        let document: BulletinDocument
        do { document = try composer.compose() } catch { throw .bulletin(error) }
        var written: [String] = []
        func save(_ name: String, _ bytes: [UInt8]) throws(Problem) {
            do { try OutputFile.write(bytes, to: folder.path(name)) } catch { throw .file(error) }
            written.append(name)
        }
        try save("bulletin.md", Array(BulletinMarkdown.render(document).utf8))
        let html = BulletinHTML.render(document)
        try save("bulletin.html", Array(html.utf8))
        let docx: [UInt8], xlsx: [UInt8]
        do { docx = try BulletinDOCX.build(document).bytes() } catch { throw .office(path: folder.path("bulletin.docx"), reason: "\(error)") }
        try save("bulletin.docx", docx)
        do { xlsx = try RankingWorkbook.build(appraisal, settings: settings, history: history).bytes() } catch {
            throw .office(path: folder.path("ranking.xlsx"), reason: "\(error)")
        }
        try save("ranking.xlsx", xlsx)
        guard mkdir(folder.path("units"), 0o755) == 0 || errno == EEXIST else {
            throw .file(.cannotWrite(path: folder.path("units"), reason: String(cString: strerror(errno))))
        }
        let listing = UnitListing(appraisal, order: settings.order)
        let everyone = listing.all
        let names = UnitFileNames(codes: everyone.map(\.unit.code))
        for group in listing.groups {
            var sheet = FeedbackSheet(appraisal: appraisal, settings: settings, rejects: rejects, group: group.units, issuer: document.issuer)
            sheet.history = history
            for result in group.units { try save("units/\(names[result.unit.code]!).html", Array(sheet.render(result).utf8)) }
        }
        var inactiveSheet = FeedbackSheet(appraisal: appraisal, settings: settings, rejects: rejects, group: [], issuer: document.issuer)
        inactiveSheet.history = history
        for result in listing.notAssessed {
            try save("units/\(names[result.unit.code]!).html", Array(inactiveSheet.render(result).utf8))
        }
        if let printer {
            do { try printer.print(html: folder.path("bulletin.html"), to: folder.path("bulletin.pdf")) } catch { throw .pdf(error) }
            written.append("bulletin.pdf")
        }
        return written
    }
}

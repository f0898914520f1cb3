#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

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

    /// How many documents are rendered at once (`--jobs`); they are written in one order
    /// whatever it is.
    var workers = 1

    /// The files written, relative to the folder, in the order they were written.
    func write(into folder: ReportFolder) throws(Problem) -> [String] {
        var composer = BulletinComposer(appraisal: appraisal, settings: settings, rejects: rejects, calendar: calendar)
        composer.history = history
        let document: BulletinDocument
        do { document = try composer.compose() } catch { throw .bulletin(error) }
        guard mkdir(folder.path("units"), 0o755) == 0 || errno == EEXIST else {
            throw .file(.cannotWrite(path: folder.path("units"), reason: String(cString: strerror(errno))))
        }
        let renderings = self.renderings(of: document, folder: folder)
        var written: [String] = []
        // Rendered side by side (the workbook, the Word bulletin and each unit's sheet take a
        // few milliseconds apiece, a tenth of a second in all on one core), then written in
        // order, a few per core at a time: a province's thousands of sheets are never all held.
        let wave = workers > 1 ? 4 * workers : 1
        for start in stride(from: 0, to: renderings.count, by: wave) {
            let part = Array(renderings[start..<min(start + wave, renderings.count)])
            let rendered = ConcurrentSlots<Result<[UInt8], Problem>>(count: part.count)
            let render: @Sendable (Int) -> Void = { index in rendered.store(part[index].render(), at: index) }
            if part.count > 1 {
                DispatchQueue.concurrentPerform(iterations: part.count, execute: render)
            } else {
                render(0)
            }
            for (rendering, result) in zip(part, rendered.values) {
                let bytes: [UInt8]
                switch result {
                case .success(let rendered): bytes = rendered
                case .failure(let problem): throw problem
                }
                do { try OutputFile.write(bytes, to: folder.path(rendering.name)) } catch { throw .file(error) }
                written.append(rendering.name)
            }
        }
        if let printer {
            do { try printer.print(html: folder.path("bulletin.html"), to: folder.path("bulletin.pdf")) } catch { throw .pdf(error) }
            written.append("bulletin.pdf")
        }
        return written
    }

    /// Every document but the PDF, in the order they are written.
    private func renderings(of document: BulletinDocument, folder: ReportFolder) -> [Rendering] {
        var renderings: [Rendering] = [
            Rendering(name: "bulletin.md") { .success(Array(BulletinMarkdown.render(document).utf8)) },
            Rendering(name: "bulletin.html") { .success(Array(BulletinHTML.render(document).utf8)) },
            Rendering(name: "bulletin.docx") {
                do { return .success(try BulletinDOCX.build(document).bytes()) } catch {
                    return .failure(.office(path: folder.path("bulletin.docx"), reason: "\(error)"))
                }
            },
            Rendering(name: "ranking.xlsx") { [appraisal, settings, history] in
                do { return .success(try RankingWorkbook.build(appraisal, settings: settings, history: history).bytes()) } catch {
                    return .failure(.office(path: folder.path("ranking.xlsx"), reason: "\(error)"))
                }
            },
        ]
        let listing = UnitListing(appraisal, order: settings.order)
        let names = UnitFileNames(codes: listing.all.map(\.unit.code))
        for group in listing.groups {
            var sheet = FeedbackSheet(appraisal: appraisal, settings: settings, rejects: rejects, group: group.units, issuer: document.issuer)
            sheet.history = history
            for result in group.units {
                renderings.append(Rendering(name: "units/\(names[result.unit.code]!).html") { [sheet] in .success(Array(sheet.render(result).utf8)) })
            }
        }
        var inactiveSheet = FeedbackSheet(appraisal: appraisal, settings: settings, rejects: rejects, group: [], issuer: document.issuer)
        inactiveSheet.history = history
        for result in listing.notAssessed {
            renderings.append(Rendering(name: "units/\(names[result.unit.code]!).html") { [inactiveSheet] in
                .success(Array(inactiveSheet.render(result).utf8))
            })
        }
        return renderings
    }

    /// One document's name in the folder and how to render it. Unchecked: a rendering only
    /// reads the appraisal and the settings it captured, and writes nothing but its bytes.
    private struct Rendering: @unchecked Sendable {
        let name: String
        let render: () -> Result<[UInt8], Problem>
    }
}

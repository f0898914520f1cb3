import ArgumentParser
import KaopingCore

extension ListingOrder: ExpressibleByArgument {}

/// How `run` writes the bulletin, feedback sheets and office files.
struct DocumentOptions: ParsableArguments {
    @Option(help: "Language of the bulletin, feedback sheets and workbook: zh (default) or en.")
    var lang: ReportLanguage = .zh

    @Option(help: "Issuing office (发文机关) on the bulletin; default: the scheme's [bulletin] issuer.")
    var issuer: String?

    @Option(name: .customLong("doc-number"), help: "Document number (发文字号), e.g. 青规服办〔2022〕12号; default: the scheme's.")
    var docNumber: String?

    @Option(name: .customLong("issued-on"), help: "Date line of the bulletin (YYYY-MM-DD); default: the as-of day.")
    var issuedOn: String?

    @Option(name: .customLong("rectify-days"), help: "整改 deadline, in working days after as-of.")
    var rectifyDays = 10

    @Option(help: "Row order of every table: rank (default) or registry (the units files' official order).")
    var order: ListingOrder = .rank

    @Flag(help: "Also print bulletin.pdf with headless Chromium (Debian: apt-get install chromium fonts-noto-cjk).")
    var pdf = false

    func validate() throws {
        _ = try settings()
        if rectifyDays < 1 || rectifyDays > 250 { throw ValidationError("--rectify-days must be between 1 and 250") }
    }

    func settings() throws -> BulletinSettings {
        var settings = BulletinSettings()
        settings.language = lang
        settings.issuer = issuer
        settings.documentNumber = docNumber
        if let issuedOn {
            guard let day = Day(iso: issuedOn) else { throw ValidationError("--issued-on '\(issuedOn)' is not a date (YYYY-MM-DD)") }
            settings.issuedOn = day
        }
        settings.rectifyDays = rectifyDays
        settings.order = order
        return settings
    }
}

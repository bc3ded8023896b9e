/// The currencies Polar prices in (its `PresentmentCurrency`), with the bounds a fixed price must
/// respect and each bound as Polar's error message writes it: Babel's `en_US` currency format of
/// the amount in major units. Generated once from Polar's currency module (minimums, maximums,
/// zero-decimal currencies) and Babel 2.18, the version Polar pins.
struct PresentmentCurrency: Sendable {
    let code: String
    /// In minor units.
    let minimum: Int64
    /// In minor units.
    let maximum: Int64
    let minimumText: String
    let maximumText: String

    init(_ code: String, minimum: Int64, maximum: Int64, _ minimumText: String, _ maximumText: String) {
        self.code = code
        self.minimum = minimum
        self.maximum = maximum
        self.minimumText = minimumText
        self.maximumText = maximumText
    }

    /// In Polar's order, which its `enum` errors list.
    static let all: [PresentmentCurrency] = [
        .init("aed", minimum: 200, maximum: 99_999_999, "AED2.00", "AED999,999.99"),
        .init("all", minimum: 5_000, maximum: 99_999_999, "ALL50", "ALL1,000,000"),
        .init("amd", minimum: 20_000, maximum: 99_999_999, "AMD200.00", "AMD999,999.99"),
        .init("aoa", minimum: 50_000, maximum: 99_999_999, "AOA500.00", "AOA999,999.99"),
        .init("ars", minimum: 75_000, maximum: 140_000_000, "ARS750.00", "ARS1,400,000.00"),
        .init("aud", minimum: 70, maximum: 99_999_999, "A$0.70", "A$999,999.99"),
        .init("awg", minimum: 100, maximum: 99_999_999, "AWG1.00", "AWG999,999.99"),
        .init("azn", minimum: 100, maximum: 99_999_999, "AZN1.00", "AZN999,999.99"),
        .init("bam", minimum: 100, maximum: 99_999_999, "BAM1.00", "BAM999,999.99"),
        .init("bbd", minimum: 200, maximum: 99_999_999, "BBD2.00", "BBD999,999.99"),
        .init("bdt", minimum: 7_000, maximum: 99_999_999, "BDT70.00", "BDT999,999.99"),
        .init("bif", minimum: 2_000, maximum: 99_999_999, "BIF2,000", "BIF99,999,999"),
        .init("bmd", minimum: 100, maximum: 99_999_999, "BMD1.00", "BMD999,999.99"),
        .init("bnd", minimum: 100, maximum: 99_999_999, "BND1.00", "BND999,999.99"),
        .init("bob", minimum: 500, maximum: 99_999_999, "BOB5.00", "BOB999,999.99"),
        .init("brl", minimum: 250, maximum: 99_999_999, "R$2.50", "R$999,999.99"),
        .init("bsd", minimum: 100, maximum: 99_999_999, "BSD1.00", "BSD999,999.99"),
        .init("bwp", minimum: 1_000, maximum: 99_999_999, "BWP10.00", "BWP999,999.99"),
        .init("bzd", minimum: 200, maximum: 99_999_999, "BZD2.00", "BZD999,999.99"),
        .init("cad", minimum: 70, maximum: 99_999_999, "CA$0.70", "CA$999,999.99"),
        .init("cdf", minimum: 200_000, maximum: 280_000_000, "CDF2,000.00", "CDF2,800,000.00"),
        .init("chf", minimum: 50, maximum: 99_999_999, "CHF0.50", "CHF999,999.99"),
        .init("clp", minimum: 500, maximum: 99_999_999, "CLP500", "CLP99,999,999"),
        .init("cny", minimum: 500, maximum: 99_999_999, "CN¥5.00", "CN¥999,999.99"),
        .init("cop", minimum: 200_000, maximum: 400_000_000, "COP2,000.00", "COP4,000,000.00"),
        .init("crc", minimum: 30_000, maximum: 99_999_999, "CRC300.00", "CRC999,999.99"),
        .init("cve", minimum: 5_000, maximum: 99_999_999, "CVE50.00", "CVE999,999.99"),
        .init("czk", minimum: 1_500, maximum: 99_999_999, "CZK15.00", "CZK999,999.99"),
        .init("djf", minimum: 100, maximum: 99_999_999, "DJF100", "DJF99,999,999"),
        .init("dkk", minimum: 320, maximum: 99_999_999, "DKK3.20", "DKK999,999.99"),
        .init("dop", minimum: 4_000, maximum: 99_999_999, "DOP40.00", "DOP999,999.99"),
        .init("dzd", minimum: 7_000, maximum: 99_999_999, "DZD70.00", "DZD999,999.99"),
        .init("egp", minimum: 3_000, maximum: 99_999_999, "EGP30.00", "EGP999,999.99"),
        .init("etb", minimum: 8_000, maximum: 99_999_999, "ETB80.00", "ETB999,999.99"),
        .init("eur", minimum: 50, maximum: 99_999_999, "€0.50", "€999,999.99"),
        .init("fjd", minimum: 200, maximum: 99_999_999, "FJD2.00", "FJD999,999.99"),
        .init("fkp", minimum: 100, maximum: 99_999_999, "FKP1.00", "FKP999,999.99"),
        .init("gbp", minimum: 40, maximum: 99_999_999, "£0.40", "£999,999.99"),
        .init("gel", minimum: 200, maximum: 99_999_999, "GEL2.00", "GEL999,999.99"),
        .init("gip", minimum: 100, maximum: 99_999_999, "GIP1.00", "GIP999,999.99"),
        .init("gmd", minimum: 4_000, maximum: 99_999_999, "GMD40.00", "GMD999,999.99"),
        .init("gnf", minimum: 5_000, maximum: 99_999_999, "GNF5,000", "GNF99,999,999"),
        .init("gtq", minimum: 500, maximum: 99_999_999, "GTQ5.00", "GTQ999,999.99"),
        .init("gyd", minimum: 20_000, maximum: 99_999_999, "GYD200.00", "GYD999,999.99"),
        .init("hkd", minimum: 400, maximum: 99_999_999, "HK$4.00", "HK$999,999.99"),
        .init("hnl", minimum: 2_000, maximum: 99_999_999, "HNL20.00", "HNL999,999.99"),
        .init("htg", minimum: 7_000, maximum: 99_999_999, "HTG70.00", "HTG999,999.99"),
        .init("huf", minimum: 17_500, maximum: 99_999_999, "HUF175.00", "HUF999,999.99"),
        .init("idr", minimum: 900_000, maximum: 1_600_000_000, "IDR9,000.00", "IDR16,000,000.00"),
        .init("ils", minimum: 150, maximum: 99_999_999, "₪1.50", "₪999,999.99"),
        .init("inr", minimum: 6_000, maximum: 99_999_999, "₹60.00", "₹999,999.99"),
        .init("isk", minimum: 7_000, maximum: 99_999_999, "ISK70", "ISK1,000,000"),
        .init("jmd", minimum: 8_000, maximum: 99_999_999, "JMD80.00", "JMD999,999.99"),
        .init("jpy", minimum: 80, maximum: 99_999_999, "¥80", "¥99,999,999"),
        .init("kes", minimum: 7_000, maximum: 99_999_999, "KES70.00", "KES999,999.99"),
        .init("kgs", minimum: 5_000, maximum: 99_999_999, "KGS50.00", "KGS999,999.99"),
        .init("khr", minimum: 300_000, maximum: 400_000_000, "KHR3,000.00", "KHR4,000,000.00"),
        .init("kmf", minimum: 500, maximum: 99_999_999, "KMF500", "KMF99,999,999"),
        .init("krw", minimum: 800, maximum: 99_999_999, "₩800", "₩99,999,999"),
        .init("kyd", minimum: 100, maximum: 99_999_999, "KYD1.00", "KYD999,999.99"),
        .init("kzt", minimum: 30_000, maximum: 99_999_999, "KZT300.00", "KZT999,999.99"),
        .init("lak", minimum: 2_000_000, maximum: 2_100_000_000, "LAK20,000", "LAK21,000,000"),
        .init("lkr", minimum: 20_000, maximum: 99_999_999, "LKR200.00", "LKR999,999.99"),
        .init("lrd", minimum: 10_000, maximum: 99_999_999, "LRD100.00", "LRD999,999.99"),
        .init("lsl", minimum: 1_000, maximum: 99_999_999, "LSL10.00", "LSL999,999.99"),
        .init("mad", minimum: 500, maximum: 99_999_999, "MAD5.00", "MAD999,999.99"),
        .init("mdl", minimum: 1_000, maximum: 99_999_999, "MDL10.00", "MDL999,999.99"),
        .init("mga", minimum: 3_000, maximum: 99_999_999, "MGA3,000", "MGA99,999,999"),
        .init("mkd", minimum: 5_000, maximum: 99_999_999, "MKD50.00", "MKD999,999.99"),
        .init("mnt", minimum: 200_000, maximum: 350_000_000, "MNT2,000.00", "MNT3,500,000.00"),
        .init("mop", minimum: 500, maximum: 99_999_999, "MOP5.00", "MOP999,999.99"),
        .init("mur", minimum: 5_000, maximum: 99_999_999, "MUR50.00", "MUR999,999.99"),
        .init("mvr", minimum: 800, maximum: 99_999_999, "MVR8.00", "MVR999,999.99"),
        .init("mwk", minimum: 100_000, maximum: 175_000_000, "MWK1,000.00", "MWK1,750,000.00"),
        .init("mxn", minimum: 900, maximum: 99_999_999, "MX$9.00", "MX$999,999.99"),
        .init("myr", minimum: 200, maximum: 99_999_999, "MYR2.00", "MYR999,999.99"),
        .init("mzn", minimum: 5_000, maximum: 99_999_999, "MZN50.00", "MZN999,999.99"),
        .init("nad", minimum: 1_000, maximum: 99_999_999, "NAD10.00", "NAD999,999.99"),
        .init("ngn", minimum: 70_000, maximum: 155_000_000, "NGN700.00", "NGN1,550,000.00"),
        .init("nio", minimum: 2_000, maximum: 99_999_999, "NIO20.00", "NIO999,999.99"),
        .init("nok", minimum: 500, maximum: 99_999_999, "NOK5.00", "NOK999,999.99"),
        .init("npr", minimum: 8_000, maximum: 99_999_999, "NPR80.00", "NPR999,999.99"),
        .init("nzd", minimum: 90, maximum: 99_999_999, "NZ$0.90", "NZ$999,999.99"),
        .init("pab", minimum: 100, maximum: 99_999_999, "PAB1.00", "PAB999,999.99"),
        .init("pen", minimum: 200, maximum: 99_999_999, "PEN2.00", "PEN999,999.99"),
        .init("pgk", minimum: 300, maximum: 99_999_999, "PGK3.00", "PGK999,999.99"),
        .init("php", minimum: 3_500, maximum: 99_999_999, "₱35.00", "₱999,999.99"),
        .init("pkr", minimum: 20_000, maximum: 99_999_999, "PKR200.00", "PKR999,999.99"),
        .init("pln", minimum: 200, maximum: 99_999_999, "PLN2.00", "PLN999,999.99"),
        .init("pyg", minimum: 4_000, maximum: 99_999_999, "PYG4,000", "PYG99,999,999"),
        .init("qar", minimum: 200, maximum: 99_999_999, "QAR2.00", "QAR999,999.99"),
        .init("ron", minimum: 250, maximum: 99_999_999, "RON2.50", "RON999,999.99"),
        .init("rsd", minimum: 6_000, maximum: 99_999_999, "RSD60", "RSD1,000,000"),
        .init("rwf", minimum: 1_000, maximum: 99_999_999, "RWF1,000", "RWF99,999,999"),
        .init("sar", minimum: 200, maximum: 99_999_999, "SAR2.00", "SAR999,999.99"),
        .init("sbd", minimum: 400, maximum: 99_999_999, "SBD4.00", "SBD999,999.99"),
        .init("scr", minimum: 800, maximum: 99_999_999, "SCR8.00", "SCR999,999.99"),
        .init("sek", minimum: 500, maximum: 99_999_999, "SEK5.00", "SEK999,999.99"),
        .init("sgd", minimum: 70, maximum: 99_999_999, "SGD0.70", "SGD999,999.99"),
        .init("shp", minimum: 100, maximum: 99_999_999, "SHP1.00", "SHP999,999.99"),
        .init("sos", minimum: 50_000, maximum: 99_999_999, "SOS500", "SOS1,000,000"),
        .init("srd", minimum: 2_000, maximum: 99_999_999, "SRD20.00", "SRD999,999.99"),
        .init("szl", minimum: 1_000, maximum: 99_999_999, "SZL10.00", "SZL999,999.99"),
        .init("thb", minimum: 2_000, maximum: 99_999_999, "THB20.00", "THB999,999.99"),
        .init("tjs", minimum: 500, maximum: 99_999_999, "TJS5.00", "TJS999,999.99"),
        .init("top", minimum: 200, maximum: 99_999_999, "TOP2.00", "TOP999,999.99"),
        .init("try", minimum: 3_000, maximum: 99_999_999, "TRY30.00", "TRY999,999.99"),
        .init("ttd", minimum: 400, maximum: 99_999_999, "TTD4.00", "TTD999,999.99"),
        .init("twd", minimum: 2_000, maximum: 99_999_999, "NT$20.00", "NT$999,999.99"),
        .init("tzs", minimum: 200_000, maximum: 250_000_000, "TZS2,000.00", "TZS2,500,000.00"),
        .init("uah", minimum: 3_000, maximum: 99_999_999, "UAH30.00", "UAH999,999.99"),
        .init("ugx", minimum: 200_000, maximum: 370_000_000, "UGX2,000", "UGX3,700,000"),
        .init("usd", minimum: 50, maximum: 99_999_999, "$0.50", "$999,999.99"),
        .init("uyu", minimum: 2_000, maximum: 99_999_999, "UYU20.00", "UYU999,999.99"),
        .init("uzs", minimum: 700_000, maximum: 1_250_000_000, "UZS7,000.00", "UZS12,500,000.00"),
        .init("vnd", minimum: 20_000, maximum: 99_999_999, "₫20,000", "₫99,999,999"),
        .init("vuv", minimum: 100, maximum: 99_999_999, "VUV100", "VUV99,999,999"),
        .init("wst", minimum: 200, maximum: 99_999_999, "WST2.00", "WST999,999.99"),
        .init("xaf", minimum: 500, maximum: 99_999_999, "FCFA500", "FCFA99,999,999"),
        .init("xcd", minimum: 200, maximum: 99_999_999, "EC$2.00", "EC$999,999.99"),
        .init("xcg", minimum: 100, maximum: 99_999_999, "Cg.1.00", "Cg.999,999.99"),
        .init("xof", minimum: 500, maximum: 99_999_999, "F\u{202F}CFA500", "F\u{202F}CFA99,999,999"),
        .init("xpf", minimum: 100, maximum: 99_999_999, "CFPF100", "CFPF99,999,999"),
        .init("yer", minimum: 20_000, maximum: 99_999_999, "YER200", "YER1,000,000"),
        .init("zar", minimum: 900, maximum: 99_999_999, "ZAR9.00", "ZAR999,999.99"),
        .init("zmw", minimum: 1_000, maximum: 99_999_999, "ZMW10.00", "ZMW999,999.99"),
    ]

    static let byCode = Dictionary(uniqueKeysWithValues: all.map { ($0.code, $0) })

    /// Polar's zero-decimal currencies: amounts in them are whole units, not hundredths.
    static let zeroDecimal: Set<String> = [
        "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "vnd", "vuv", "xaf", "xof", "xpf",
    ]

    /// `amount` (minor units) as Polar's `format_currency` writes it: Babel's `en_US` format,
    /// with the symbol and the number of digits Babel shows for the currency (read off
    /// ``minimumText``), rounded half to even, as `"$10.00"` or `"¥1,000"`.
    func format(_ amount: Int64) -> String {
        let symbol = String(minimumText.prefix { !$0.isNumber })
        let number = minimumText.dropFirst(symbol.count)
        let digits = number.lastIndex(of: ".").map { number.distance(from: $0, to: number.endIndex) - 1 } ?? 0
        var scaled = amount
        for _ in 0..<digits { scaled *= 10 }
        let factor: Int64 = Self.zeroDecimal.contains(code) ? 1 : 100
        var (units, remainder) = scaled.quotientAndRemainder(dividingBy: factor)
        if remainder * 2 > factor || (remainder * 2 == factor && !units.isMultiple(of: 2)) { units += 1 }
        var whole = String(units)
        var fraction = ""
        if digits > 0 {
            let padded = String(repeating: "0", count: max(0, digits + 1 - whole.count)) + whole
            whole = String(padded.dropLast(digits))
            fraction = "." + padded.suffix(digits)
        }
        var grouped = ""
        for (index, character) in whole.enumerated() {
            if index > 0, (whole.count - index).isMultiple(of: 3) { grouped.append(",") }
            grouped.append(character)
        }
        return symbol + grouped + fraction
    }
}

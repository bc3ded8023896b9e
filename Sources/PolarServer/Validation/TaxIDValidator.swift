import PolarModels

/// Polar's tax-ID validation (`server/polar/tax/tax_id.py`, `validate_tax_id`) over ports
/// of python-stdnum 2.2.
enum TaxIDValidator {
    /// One format's check: the value to store, or the error that rejects the number.
    typealias Check = (PyString) throws(StdnumError) -> PyString

    /// Validates `raw` (already trimmed, non-empty) for a billing-address country (ISO
    /// alpha-2, upper case) the way Polar does: the country selects an ordered list of
    /// formats, each format's validator runs in turn, the first success wins, and the
    /// result is the stdnum compact value (some formats drop the country prefix, e.g.
    /// GB980780684 -> "980780684", gb_vat). Returns nil when Polar answers "Invalid tax
    /// ID." (including countries with no formats and formats stdnum 2.2 lacks).
    ///
    /// Inputs on which Python itself would crash inside a validator (a `ValueError` from
    /// `int()` on a stray newline, say) make Polar answer 500; they return nil here too.
    static func validate(_ raw: String, country: String) -> TaxID? {
        let number = PyString(raw)
        for format in formatsByCountry[country] ?? [] {
            guard let check = check(for: format) else { continue }
            do {
                return TaxID(value: try check(number).description, format: format)
            } catch .unexpected {
                return nil
            } catch {
                continue
            }
        }
        return nil
    }

    /// `COUNTRY_TAX_ID_MAP`: the formats tried for each billing country, in order.
    static let formatsByCountry: [String: [TaxIDFormat]] = {
        let euMembers = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK"
        var map = Dictionary(uniqueKeysWithValues: euMembers.split(separator: " ").map { (String($0), [TaxIDFormat.euVat]) })
        map.merge([
            "AD": [.adNrt], "AE": [.aeTrn], "AR": [.arCuit], "AU": [.auAbn, .auArn], "BH": [.bhVat], "BO": [.boTin],
            "BR": [.brCnpj, .brCpf], "CA": [.caGstHst, .caPstBc, .caPstMb, .caPstSk, .caQst, .caBn],
            "CH": [.chUid, .chVat], "CL": [.clTin], "CN": [.cnTin], "CO": [.coNit], "CR": [.crTin], "DO": [.doRcn],
            "EC": [.ecRuc], "EG": [.egTin], "GB": [.gbVat], "GE": [.geVat], "HK": [.hkBr], "ID": [.idNpwp],
            "IL": [.ilVat], "IN": [.inGst], "IS": [.isVat], "JP": [.jpCn, .jpRn, .jpTrn], "KE": [.kePin],
            "KR": [.krBrn], "KZ": [.kzBin], "LI": [.liUid], "MK": [.mkVat], "MU": [.muTan], "MX": [.mxRfc],
            "MY": [.myFrp, .myItn, .mySst], "NG": [.ngTin], "NO": [.noVat, .noVoec], "NZ": [.nzGst], "OM": [.omVat],
            "PE": [.peRuc], "PH": [.phTin], "RS": [.rsPib], "RU": [.ruInn, .ruKpp], "SA": [.saVat],
            "SG": [.sgGst, .sgUen], "SV": [.svNit], "TH": [.thVat], "TR": [.trTin], "TW": [.twVat], "UA": [.uaVat],
            "US": [.usEin], "UY": [.uyRuc], "VE": [.veRif], "VN": [.vnTin], "ZA": [.zaVat],
        ]) { _, new in new }
        return map
    }()

    /// `_get_validator`: Polar's own rule where it has one, else the stdnum module that
    /// `get_cc_module(country, name)` finds (`th_vat` resolves to `stdnum.th.moa`,
    /// `no_vat` to `stdnum.no.mva`, `is_vat` to `stdnum.is_.vsk`). nil where stdnum 2.2 has
    /// no such module, which Polar skips, and for formats no country selects.
    static func check(for format: TaxIDFormat) -> Check? {
        switch format {
        case .aeTrn: PolarRules.aeTrn
        case .caGstHst: PolarRules.caGstHst
        case .clTin: PolarRules.compactingFirst(Stdnum.ClRut.self)
        case .coNit: PolarRules.compactingFirst(Stdnum.CoNit.self)
        case .crTin: PolarRules.compactingFirst(Stdnum.CrCpj.self)
        case .ecRuc: PolarRules.ecRuc
        case .geVat: PolarRules.geVat
        case .hkBr: PolarRules.hkBr
        case .ilVat: PolarRules.compactingFirst(Stdnum.IlIdnr.self)
        case .inGst: PolarRules.compactingFirst(Stdnum.InGstin.self)
        case .mkVat: PolarRules.compactingFirst(Stdnum.MkEdb.self)
        case .muTan: PolarRules.muTan
        case .trTin: PolarRules.compactingFirst(Stdnum.TrVkn.self)
        case .twVat: PolarRules.twVat
        case .uyRuc: PolarRules.compactingFirst(Stdnum.UyRut.self)
        case .vnTin: PolarRules.compactingFirst(Stdnum.VnMst.self)
        case .adNrt: Stdnum.AdNrt.validate
        case .arCuit: Stdnum.ArCuit.validate
        case .auAbn: Stdnum.AuAbn.validate
        case .brCnpj: Stdnum.BrCnpj.validate
        case .brCpf: Stdnum.BrCpf.validate
        case .caBn: Stdnum.CaBn.validate
        case .chUid: Stdnum.ChUid.validate
        case .chVat: Stdnum.ChVat.validate
        case .euVat: Stdnum.EuVat.validate
        case .gbVat: Stdnum.GbVat.validate
        case .idNpwp: Stdnum.IdNpwp.validate
        case .isVat: Stdnum.IsVsk.validate
        case .jpCn: Stdnum.JpCn.validate
        case .kePin: Stdnum.KePin.validate
        case .krBrn: Stdnum.KrBrn.validate
        case .mxRfc: Stdnum.MxRfc.validate
        case .noVat: Stdnum.NoMva.validate
        case .peRuc: Stdnum.PeRuc.validate
        case .rsPib: Stdnum.RsPib.validate
        case .ruInn: Stdnum.RuInn.validate
        case .sgUen: Stdnum.SgUen.validate
        case .svNit: Stdnum.SvNit.validate
        case .thVat: Stdnum.ThMoa.validate
        case .usEin: Stdnum.UsEin.validate
        case .veRif: Stdnum.VeRif.validate
        case .auArn, .bhVat, .boTin, .caPstBc, .caPstMb, .caPstSk, .caQst, .cnTin, .doRcn, .egTin, .jpRn, .jpTrn,
             .kzBin, .liUid, .myFrp, .myItn, .mySst, .ngTin, .noVoec, .nzGst, .omVat, .phTin, .ruKpp, .saVat, .sgGst,
             .uaVat, .zaVat:
            nil
        // In no country's list, so never tried.
        case .bgUic, .deStn, .esCif, .euOssVat, .hrOib, .huTin, .roTin, .siTin:
            nil
        }
    }
}

/// The validators Polar writes itself instead of calling a stdnum module directly.
enum PolarRules {
    /// Several Polar validators run the module's `compact` and then its `validate`, which
    /// compacts again: `CLCL12345678K` loses both prefixes.
    static func compactingFirst<Module: StdnumModule>(_ module: Module.Type) -> TaxIDValidator.Check {
        { number throws(StdnumError) in try module.validate(module.compact(number)) }
    }

    /// UAE TRN: spaces, dashes and dots removed, then exactly 15 digits (any Unicode
    /// digits, as `str.isdigit` allows).
    static func aeTrn(_ number: PyString) throws(StdnumError) -> PyString {
        let number = number.removing(where: { " -.".unicodeScalars.contains($0) }).stripped()
        guard number.count == 15, number.isUnicodeDigits else { throw .invalid }
        return number
    }

    /// Canadian GST/HST: the 15-character BN15 form only; a bare BN falls through to ca_bn.
    static func caGstHst(_ number: PyString) throws(StdnumError) -> PyString {
        let number = Stdnum.CaBn.compact(number)
        guard number.count == 15 else { throw .invalid }
        return try Stdnum.CaBn.validate(number)
    }

    /// Ecuadorian RUC: companies the SRI registered without a usable mod 11 digit are
    /// accepted when stdnum only objects to the checksum and the number has the company
    /// shape `(0[1-9]|1[0-9]|2[0-4]|30)9[0-d]{7}001`.
    static func ecRuc(_ number: PyString) throws(StdnumError) -> PyString {
        let number = Stdnum.EcRuc.compact(number)
        do {
            return try Stdnum.EcRuc.validate(number)
        } catch .invalidChecksum {
            guard hasCompanyShape(number) else { throw .invalid }
            return number
        }
    }

    private static func hasCompanyShape(_ number: PyString) -> Bool {
        let province = number.prefix(2)
        return number.count == 13
            && (("01"..."24").contains(province) || province == "30")
            && province.allIn("0"..."9")
            && number.slice(2, 3) == "9"
            && number.slice(3, 10).allIn("0"..."d")
            && number.suffix(3) == "001"
    }

    /// Georgian VAT: separators removed, an optional `GE` prefix (any case) dropped, then 9
    /// or 11 digits.
    static func geVat(_ number: PyString) throws(StdnumError) -> PyString {
        var number = number.removing(where: { " -.".unicodeScalars.contains($0) }).stripped()
        if number.uppercased().hasPrefix("GE") { number = number.dropFirst(2) }
        guard number.count == 9 || number.count == 11, number.isUnicodeDigits else { throw .invalid }
        return number
    }

    /// Hong Kong BR: whitespace, `.`, `(`, `)` and `-` removed (the check digit is often
    /// written `1234567(8)`), then exactly 8 digits.
    static func hkBr(_ number: PyString) throws(StdnumError) -> PyString {
        let number = number.removing(where: { PyString.isWhitespace($0) || ".()-".unicodeScalars.contains($0) })
        guard number.count == 8, number.isUnicodeDigits else { throw .invalid }
        return number
    }

    /// Mauritius TAN: separators removed, 8 digits starting with 2 or 3.
    static func muTan(_ number: PyString) throws(StdnumError) -> PyString {
        let number = number.removing(where: { " -.".unicodeScalars.contains($0) }).stripped()
        guard number.count == 8, number.isUnicodeDigits, try ["2", "3"].contains(number.at(0)) else { throw .invalid }
        return number
    }

    /// Taiwanese UBN: since April 2023 a weighted sum divisible by 5 is also valid (stdnum
    /// knows only 10); the seventh-digit-7 allowance applies to both rules.
    static func twVat(_ number: PyString) throws(StdnumError) -> PyString {
        let number = Stdnum.TwUbn.compact(number)
        do {
            return try Stdnum.TwUbn.validate(number)
        } catch .invalidChecksum {
            let sum = try Stdnum.TwUbn.checksum(number)
            guard sum % 5 == 0 || (number.slice(6, 7) == "7" && (sum + 1) % 5 == 0) else { throw .invalid }
            return number
        }
    }
}

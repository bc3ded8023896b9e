/// Polar's tax-ID validation (`server/polar/tax/tax_id.py`, `validate_tax_id`) over ports
/// of python-stdnum 2.2.
package enum TaxIDValidator {
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
    package static func validate(_ raw: String, country: String) -> ValidTaxID? {
        let number = PyString(raw)
        for format in formatsByCountry[country] ?? [] {
            guard let check = check(for: format) else { continue }
            do {
                return ValidTaxID(value: try check(number).description, format: format)
            } catch .unexpected {
                return nil
            } catch {
                continue
            }
        }
        return nil
    }

    /// `COUNTRY_TAX_ID_MAP`: the formats tried for each billing country, in order.
    static let formatsByCountry: [String: [String]] = {
        let euMembers = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK"
        var map = Dictionary(uniqueKeysWithValues: euMembers.split(separator: " ").map { (String($0), ["eu_vat"]) })
        map.merge([
            "AD": ["ad_nrt"], "AE": ["ae_trn"], "AR": ["ar_cuit"], "AU": ["au_abn", "au_arn"], "BH": ["bh_vat"], "BO": ["bo_tin"],
            "BR": ["br_cnpj", "br_cpf"], "CA": ["ca_gst_hst", "ca_pst_bc", "ca_pst_mb", "ca_pst_sk", "ca_qst", "ca_bn"],
            "CH": ["ch_uid", "ch_vat"], "CL": ["cl_tin"], "CN": ["cn_tin"], "CO": ["co_nit"], "CR": ["cr_tin"], "DO": ["do_rcn"],
            "EC": ["ec_ruc"], "EG": ["eg_tin"], "GB": ["gb_vat"], "GE": ["ge_vat"], "HK": ["hk_br"], "ID": ["id_npwp"],
            "IL": ["il_vat"], "IN": ["in_gst"], "IS": ["is_vat"], "JP": ["jp_cn", "jp_rn", "jp_trn"], "KE": ["ke_pin"],
            "KR": ["kr_brn"], "KZ": ["kz_bin"], "LI": ["li_uid"], "MK": ["mk_vat"], "MU": ["mu_tan"], "MX": ["mx_rfc"],
            "MY": ["my_frp", "my_itn", "my_sst"], "NG": ["ng_tin"], "NO": ["no_vat", "no_voec"], "NZ": ["nz_gst"], "OM": ["om_vat"],
            "PE": ["pe_ruc"], "PH": ["ph_tin"], "RS": ["rs_pib"], "RU": ["ru_inn", "ru_kpp"], "SA": ["sa_vat"],
            "SG": ["sg_gst", "sg_uen"], "SV": ["sv_nit"], "TH": ["th_vat"], "TR": ["tr_tin"], "TW": ["tw_vat"], "UA": ["ua_vat"],
            "US": ["us_ein"], "UY": ["uy_ruc"], "VE": ["ve_rif"], "VN": ["vn_tin"], "ZA": ["za_vat"],
        ]) { _, new in new }
        return map
    }()

    /// `_get_validator`: Polar's own rule where it has one, else the stdnum module that
    /// `get_cc_module(country, name)` finds (`th_vat` resolves to `stdnum.th.moa`,
    /// `no_vat` to `stdnum.no.mva`, `is_vat` to `stdnum.is_.vsk`). nil where stdnum 2.2 has
    /// no such module, which Polar skips, and for formats no country selects.
    static func check(for format: String) -> Check? {
        switch format {
        case "ae_trn": PolarRules.aeTrn
        case "ca_gst_hst": PolarRules.caGstHst
        case "cl_tin": PolarRules.compactingFirst(Stdnum.ClRut.self)
        case "co_nit": PolarRules.compactingFirst(Stdnum.CoNit.self)
        case "cr_tin": PolarRules.compactingFirst(Stdnum.CrCpj.self)
        case "ec_ruc": PolarRules.ecRuc
        case "ge_vat": PolarRules.geVat
        case "hk_br": PolarRules.hkBr
        case "il_vat": PolarRules.compactingFirst(Stdnum.IlIdnr.self)
        case "in_gst": PolarRules.compactingFirst(Stdnum.InGstin.self)
        case "mk_vat": PolarRules.compactingFirst(Stdnum.MkEdb.self)
        case "mu_tan": PolarRules.muTan
        case "tr_tin": PolarRules.compactingFirst(Stdnum.TrVkn.self)
        case "tw_vat": PolarRules.twVat
        case "uy_ruc": PolarRules.compactingFirst(Stdnum.UyRut.self)
        case "vn_tin": PolarRules.compactingFirst(Stdnum.VnMst.self)
        case "ad_nrt": Stdnum.AdNrt.validate
        case "ar_cuit": Stdnum.ArCuit.validate
        case "au_abn": Stdnum.AuAbn.validate
        case "br_cnpj": Stdnum.BrCnpj.validate
        case "br_cpf": Stdnum.BrCpf.validate
        case "ca_bn": Stdnum.CaBn.validate
        case "ch_uid": Stdnum.ChUid.validate
        case "ch_vat": Stdnum.ChVat.validate
        case "eu_vat": Stdnum.EuVat.validate
        case "gb_vat": Stdnum.GbVat.validate
        case "id_npwp": Stdnum.IdNpwp.validate
        case "is_vat": Stdnum.IsVsk.validate
        case "jp_cn": Stdnum.JpCn.validate
        case "ke_pin": Stdnum.KePin.validate
        case "kr_brn": Stdnum.KrBrn.validate
        case "mx_rfc": Stdnum.MxRfc.validate
        case "no_vat": Stdnum.NoMva.validate
        case "pe_ruc": Stdnum.PeRuc.validate
        case "rs_pib": Stdnum.RsPib.validate
        case "ru_inn": Stdnum.RuInn.validate
        case "sg_uen": Stdnum.SgUen.validate
        case "sv_nit": Stdnum.SvNit.validate
        case "th_vat": Stdnum.ThMoa.validate
        case "us_ein": Stdnum.UsEin.validate
        case "ve_rif": Stdnum.VeRif.validate
        // Formats stdnum 2.2 has no module for (au_arn, bh_vat, ca_qst, …), which Polar skips.
        default: nil
        }
    }
}

/// A number Polar accepts: the value it stores (stdnum's compact form) and the name of the
/// format that accepted it (Polar's `TaxIDFormat`, `eu_vat`).
package struct ValidTaxID: Hashable, Sendable {
    package let value: String
    package let format: String
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
        let number = number.removing(where: { Py.isSpace($0) || ".()-".unicodeScalars.contains($0) })
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

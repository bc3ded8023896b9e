/// ISO 3166-1 alpha-2 country codes and the billing-address state rule, as in Polar's
/// `server/polar/kit/address.py` (country lists derived from pycountry 26.2.16).
package enum Countries {
    /// The 244 codes Polar accepts as input (`AddressInput.country` enum), in the OpenAPI document's order
    /// (alphabetical). This is every pycountry alpha-2 code except the US trade embargoes in `embargoed`.
    package static let input: [String] = [
        "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ", "BA", "BB", "BD", "BE",
        "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD",
        "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO",
        "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF", "GG",
        "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM", "HN", "HR", "HT", "HU", "ID",
        "IE", "IL", "IM", "IN", "IO", "IQ", "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KR", "KW",
        "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH",
        "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF",
        "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM", "PN", "PR", "PS",
        "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RW", "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM",
        "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR",
        "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI", "VN", "VU", "WF", "WS", "YE",
        "YT", "ZA", "ZM", "ZW",
    ]

    /// Countries under US trade embargo: valid in stored addresses (output) but refused as input.
    static let embargoed: Set<String> = ["CU", "IR", "KP", "RU", "SY"]

    private static let inputSet = Set(input)

    /// The 249 codes of the output `Address.country` enum: all of pycountry's alpha-2 codes.
    static let output: Set<String> = inputSet.union(embargoed)

    /// Whether `code` (already upper-cased by the caller, as Polar does) is an accepted input country.
    package static func isValidInput(_ code: String) -> Bool {
        isASCII(code) && inputSet.contains(code)
    }

    /// Swift's `String ==` (and so `Set.contains`) uses canonical equivalence, under which e.g. the
    /// KELVIN SIGN U+212A equals "K"; Python compares code points, so non-ASCII text must never match.
    private static func isASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 < 0x80 }
    }

    /// The 50 US states plus `US-DC` (Polar's `USState`; pycountry's "State" and "District" subdivisions).
    static let usStates: Set<String> = [
        "US-AK", "US-AL", "US-AR", "US-AZ", "US-CA", "US-CO", "US-CT", "US-DC", "US-DE", "US-FL", "US-GA", "US-HI", "US-IA",
        "US-ID", "US-IL", "US-IN", "US-KS", "US-KY", "US-LA", "US-MA", "US-MD", "US-ME", "US-MI", "US-MN", "US-MO", "US-MS",
        "US-MT", "US-NC", "US-ND", "US-NE", "US-NH", "US-NJ", "US-NM", "US-NV", "US-NY", "US-OH", "US-OK", "US-OR", "US-PA",
        "US-RI", "US-SC", "US-SD", "US-TN", "US-TX", "US-UT", "US-VA", "US-VT", "US-WA", "US-WI", "US-WV", "US-WY",
    ]

    /// Canada's 13 provinces and territories (Polar's `CASubdivision`; all of pycountry's CA subdivisions).
    static let caSubdivisions: Set<String> = [
        "CA-AB", "CA-BC", "CA-MB", "CA-NB", "CA-NL", "CA-NS", "CA-NT", "CA-NU", "CA-ON", "CA-PE", "CA-QC", "CA-SK", "CA-YT",
    ]

    /// Polar's `Address.validate_state`: for US and CA a state lacking the `"US-"`/`"CA-"` prefix gets it
    /// (case is kept, so `"ca"` becomes `"US-ca"` and is then rejected) and must be a known code; any other
    /// country takes the state as free text. `state` has already been trimmed and empty-to-nil'd by the caller.
    package static func normalizeState(_ state: String?, country: String) -> Result<String?, StateError> {
        guard let state else { return .success(nil) }
        let valid: Set<String>
        let message: String
        switch country {
        case "US": (valid, message) = (usStates, "Invalid US state")
        case "CA": (valid, message) = (caSubdivisions, "Invalid CA subdivision")
        default: return .success(state)
        }
        let prefix = country + "-"
        let prefixed = state.utf8.starts(with: prefix.utf8) ? state : prefix + state
        return isASCII(prefixed) && valid.contains(prefixed) ? .success(prefixed) : .failure(StateError(message: message))
    }
}

/// Why a billing-address state was rejected; `message` is Polar's `ValueError` text.
package struct StateError: Error, Equatable {
    package let message: String
}

// Ports of stdnum.eu.vat and the member-state modules it dispatches to.
// Each `compact` drops the module's own country prefix; `eu.vat` puts it back.

extension Stdnum {
    /// `stdnum.eu.vat`: the first two characters pick the member state's module, so a
    /// number without its prefix fails and the billing country is never consulted.
    enum EuVat: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            number.cleaned().uppercased().stripped()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            let countryCode = number.prefix(2)
            guard let module = module(for: countryCode) else { throw .invalid }
            let valid = try module.validate(number)
            return valid.hasPrefix(countryCode) ? valid : countryCode + valid
        }

        /// Greece files as `EL` (stdnum also takes `GR`), Northern Ireland as `XI` with the
        /// UK rules, and `EU`/`IM` are the non-union OSS schemes.
        static func module(for countryCode: PyString) -> (any StdnumModule.Type)? {
            switch countryCode {
            case "AT": AtUid.self
            case "BE": BeVat.self
            case "BG": BgVat.self
            case "CY": CyVat.self
            case "CZ": CzDic.self
            case "DE": DeVat.self
            case "DK": DkCvr.self
            case "EE": EeKmkr.self
            case "EL", "GR": GrVat.self
            case "ES": EsNif.self
            case "FI": FiAlv.self
            case "FR": FrTva.self
            case "HR": HrOib.self
            case "HU": HuAnum.self
            case "IE": IeVat.self
            case "IT": ItIva.self
            case "LT": LtPvm.self
            case "LU": LuTva.self
            case "LV": LvPvn.self
            case "MT": MtVat.self
            case "NL": NlBtw.self
            case "PL": PlNip.self
            case "PT": PtNif.self
            case "RO": RoCf.self
            case "SE": SeVat.self
            case "SI": SiDdv.self
            case "SK": SkDph.self
            case "XI": GbVat.self
            case "EU", "IM": EuOss.self
            default: nil
            }
        }
    }

    /// `stdnum.eu.oss`: `EU` + 9 digits or `IM` + 10 digits, whose digits 3-5 name a member state.
    enum EuOss: StdnumModule {
        static let memberStates: Set<PyString> = [
            "040", "056", "100", "191", "196", "203", "208", "233", "246", "250", "276", "300", "348", "372",
            "380", "428", "440", "442", "470", "528", "616", "620", "642", "703", "705", "724", "752", "900",
        ]

        static func compact(_ number: PyString) -> PyString {
            number.cleaned(deleting: " -").uppercased().stripped()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            if number.hasPrefix("EU") {
                guard number.count == 11 else { throw .invalid }
            } else if number.hasPrefix("IM") {
                guard number.count == 12 else { throw .invalid }
            } else {
                throw .invalid
            }
            guard number.dropFirst(2).isDigits, memberStates.contains(number.slice(2, 5)) else { throw .invalid }
            return number
        }
    }

    /// `stdnum.at.uid`: `U` + 8 digits, the last a Luhn-derived check digit.
    enum AtUid: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            let number = number.cleaned(deleting: " -./").uppercased().stripped()
            return number.hasPrefix("AT") ? number.dropFirst(2) : number
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.prefix(1) == "U", number.dropFirst(1).isDigits else { throw .invalid }
            guard number.count == 9 else { throw .invalid }
            let check = pyMod(6 - (try Luhn.checksum(number.dropLast(1).dropFirst(1))), 10)
            guard PyString(check) == number.suffix(1) else { throw .invalidChecksum }
            return number
        }
    }

    /// `stdnum.be.vat`: 10 digits starting 0 or 1 (9-digit numbers get a leading 0);
    /// the last two are 97 minus the first eight mod 97.
    enum BeVat: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            var number = number.cleaned(deleting: " -./").uppercased().stripped()
            if number.hasPrefix("BE") { number = number.dropFirst(2) }
            if number.hasPrefix("(0)") { number = "0" + number.dropFirst(3) }
            return number.count == 9 ? "0" + number : number
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.isDigits, !number.isZero else { throw .invalid }
            guard number.count == 10 else { throw .invalid }
            guard try number.at(0).isIn("01") else { throw .invalid }
            let sum = try number.dropLast(2).intValue() + number.suffix(2).intValue()
            guard sum % 97 == 0 else { throw .invalidChecksum }
            return number
        }
    }

    /// `stdnum.bg.vat`: 9 digits for companies, 10 for people (EGN, PNF or "other").
    enum BgVat: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            let number = number.cleaned(deleting: " -.").uppercased().stripped()
            return number.hasPrefix("BG") ? number.dropFirst(2) : number
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.isDigits else { throw .invalid }
            switch number.count {
            case 9:
                guard try legalCheckDigit(number.dropLast(1)) == number.suffix(1) else { throw .invalidChecksum }
            case 10:
                guard try isPersonalOrOther(number) else { throw .invalidChecksum }
            default:
                throw .invalid
            }
            return number
        }

        private static func legalCheckDigit(_ body: PyString) throws(StdnumError) -> PyString {
            var check = try body.weightedSum(Array(1...8)) % 11
            if check == 10 { check = try body.weightedSum(Array(3...10)) % 11 }
            return PyString(check % 10)
        }

        /// A personal number (EGN), a foreigner's (PNF), or else the "other" weighted digit.
        private static func isPersonalOrOther(_ number: PyString) throws(StdnumError) -> Bool {
            if try BgEgn.isValid(number) { return true }
            if try BgPnf.isValid(number) { return true }
            let check = pyMod(11 - (try number.dropLast(1).weightedSum([4, 3, 2, 7, 6, 5, 4, 3, 2])), 11)
            return PyString(check) == number.suffix(1)
        }
    }

    /// `stdnum.bg.egn`: Bulgarian personal number, a birth date (month +20 for the 1800s,
    /// +40 for the 2000s) and a check digit.
    enum BgEgn: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            number.cleaned(deleting: " -.").uppercased().stripped()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.isDigits, number.count == 10 else { throw .invalid }
            var year = try number.slice(0, 2).intValue() + 1900
            var month = try number.slice(2, 4).intValue()
            if month > 40 {
                year += 100
                month -= 40
            } else if month > 20 {
                year -= 100
                month -= 20
            }
            guard isValidDate(year: year, month: month, day: try number.slice(4, 6).intValue()) else { throw .invalid }
            let check = try number.dropLast(1).weightedSum([2, 4, 8, 5, 10, 9, 7, 3, 6]) % 11 % 10
            guard PyString(check) == number.suffix(1) else { throw .invalidChecksum }
            return number
        }
    }

    /// `stdnum.bg.pnf`: Bulgarian foreigner number, a weighted check digit.
    enum BgPnf: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            number.cleaned(deleting: " -.").uppercased().stripped()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.isDigits, number.count == 10 else { throw .invalid }
            let check = try number.dropLast(1).weightedSum([21, 19, 17, 13, 11, 9, 7, 3, 1]) % 10
            guard PyString(check) == number.suffix(1) else { throw .invalidChecksum }
            return number
        }
    }

    /// `stdnum.cy.vat`: 8 digits (not starting 12) and a check letter.
    enum CyVat: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            let number = number.cleaned(deleting: " -").uppercased().stripped()
            return number.hasPrefix("CY") ? number.dropFirst(2) : number
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.dropLast(1).isDigits, number.count == 9 else { throw .invalid }
            guard number.prefix(2) != "12" else { throw .invalid }
            guard try checkLetter(number.dropLast(1)) == number.suffix(1) else { throw .invalidChecksum }
            return number
        }

        /// Even positions are translated through a fixed table, odd ones count as is.
        private static func checkLetter(_ body: PyString) throws(StdnumError) -> PyString {
            let translation = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21]
            var sum = 0
            for (position, digit) in try body.digitValues().enumerated() {
                sum += position.isMultiple(of: 2) ? translation[digit] : digit
            }
            return try PyString("ABCDEFGHIJKLMNOPQRSTUVWXYZ").at(sum % 26)
        }
    }

    /// `stdnum.cz.dic`: 8 digits for companies, 9 starting 6 for special cases, else a
    /// birth number (RČ).
    enum CzDic: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            let number = number.cleaned(deleting: " /").uppercased().stripped()
            return number.hasPrefix("CZ") ? number.dropFirst(2) : number
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.isDigits else { throw .invalid }
            if number.count == 8 {
                guard !number.hasPrefix("9") else { throw .invalid }
                let check = pyMod(11 - (try number.dropLast(1).weightedSum(Array((2...8).reversed()))), 11)
                guard PyString((check == 0 ? 1 : check) % 10) == number.suffix(1) else { throw .invalidChecksum }
            } else if number.count == 9, number.hasPrefix("6") {
                let sum = try number.dropFirst(1).dropLast(1).weightedSum(Array((2...8).reversed())) % 11
                guard PyString(pyMod(8 - (10 - sum) % 11, 10)) == number.suffix(1) else { throw .invalidChecksum }
            } else if number.count == 9 || number.count == 10 {
                _ = try CzRc.validate(number)
            } else {
                throw .invalid
            }
            return number
        }
    }

    /// `stdnum.cz.rc` (and `stdnum.sk.rc`): birth date with +50 for women and +20 for
    /// overflow months; 10-digit numbers are divisible by 11 (or end in 0 with remainder 10).
    enum CzRc: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            number.cleaned(deleting: " /").uppercased().stripped()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.isDigits else { throw .invalid }
            guard number.count == 9 || number.count == 10 else { throw .invalid }
            try checkBirthDate(number)
            if number.count == 10 {
                let check = try number.dropLast(1).intValue() % 11 % 10
                guard PyString(check) == number.suffix(1) else { throw .invalidChecksum }
            }
            return number
        }

        /// 9-digit numbers were only issued until 1953.
        private static func checkBirthDate(_ number: PyString) throws(StdnumError) {
            var year = 1900 + (try number.slice(0, 2).intValue())
            let month = try number.slice(2, 4).intValue() % 50 % 20
            let day = try number.slice(4, 6).intValue()
            if number.count == 9 {
                if year >= 1980 { year -= 100 }
                guard year <= 1953 else { throw .invalid }
            } else if year < 1954 {
                year += 100
            }
            guard isValidDate(year: year, month: month, day: day) else { throw .invalid }
        }
    }

    /// `stdnum.de.vat`: 9 digits, not starting 0, ISO 7064 mod 11,10.
    enum DeVat: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            let number = number.cleaned(deleting: " -./,").uppercased().stripped()
            return number.hasPrefix("DE") ? number.dropFirst(2) : number
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.isDigits, try number.at(0) != "0" else { throw .invalid }
            guard number.count == 9 else { throw .invalid }
            try Mod11_10.validate(number)
            return number
        }
    }

    /// `stdnum.dk.cvr`: 8 digits, not starting 0, weighted sum divisible by 11.
    enum DkCvr: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            let number = number.cleaned(deleting: " -.,/:").uppercased().stripped()
            return number.hasPrefix("DK") ? number.dropFirst(2) : number
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.isDigits, try number.at(0) != "0" else { throw .invalid }
            guard number.count == 8 else { throw .invalid }
            guard try number.weightedSum([2, 7, 6, 5, 4, 3, 2, 1]) % 11 == 0 else { throw .invalidChecksum }
            return number
        }
    }

    /// `stdnum.ee.kmkr`: 9 digits, weights 3 7 1 summing to a multiple of 10.
    enum EeKmkr: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            let number = number.cleaned(deleting: " ").uppercased().stripped()
            return number.hasPrefix("EE") ? number.dropFirst(2) : number
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.isDigits, number.count == 9 else { throw .invalid }
            guard try number.weightedSum([3, 7, 1, 3, 7, 1, 3, 7, 1]) % 10 == 0 else { throw .invalidChecksum }
            return number
        }
    }

    /// `stdnum.es.nif`: 9 characters; K/L/M use the DNI letter, a leading digit is a DNI,
    /// X/Y/Z a NIE, anything else must be a CIF.
    enum EsNif: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            let number = number.cleaned(deleting: " -").uppercased().stripped()
            return number.hasPrefix("ES") ? number.dropFirst(2) : number
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.dropFirst(1).dropLast(1).isDigits, number.count == 9 else { throw .invalid }
            let first = try number.at(0)
            if first.isIn("KLM") {
                guard try EsDni.checkLetter(number.dropFirst(1).dropLast(1)) == number.suffix(1)
                else { throw .invalidChecksum }
            } else if first.isDigits {
                _ = try EsDni.validate(number)
            } else if first.isIn("XYZ") {
                _ = try EsNie.validate(number)
            } else {
                _ = try EsCif.validate(number)
            }
            return number
        }
    }

    /// `stdnum.es.dni`: 8 digits and a letter, the number mod 23.
    enum EsDni: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            number.cleaned(deleting: " -").uppercased().stripped()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.dropLast(1).isDigits, number.count == 9 else { throw .invalid }
            guard try checkLetter(number.dropLast(1)) == number.suffix(1) else { throw .invalidChecksum }
            return number
        }

        static func checkLetter(_ body: PyString) throws(StdnumError) -> PyString {
            try PyString("TRWAGMYFPDXBNJZSQVHLCKE").at(body.intValue() % 23)
        }
    }

    /// `stdnum.es.nie`: a DNI whose leading X, Y or Z stands for 0, 1 or 2.
    enum EsNie: StdnumModule {
        static func compact(_ number: PyString) -> PyString { EsDni.compact(number) }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.dropFirst(1).dropLast(1).isDigits, number.prefix(1).isIn("XYZ") else { throw .invalid }
            guard number.count == 9 else { throw .invalid }
            let body = PyString(try PyString("XYZ").index(of: number.prefix(1))) + number.dropFirst(1).dropLast(1)
            guard try EsDni.checkLetter(body) == number.suffix(1) else { throw .invalidChecksum }
            return number
        }
    }

    /// `stdnum.es.cif`: organisation letter, 7 digits and a Luhn digit or its letter form.
    enum EsCif: StdnumModule {
        static func compact(_ number: PyString) -> PyString { EsDni.compact(number) }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.dropFirst(1).dropLast(1).isDigits, number.count == 9 else { throw .invalid }
            guard try number.at(0).isIn("ABCDEFGHJNPQRSUVW") else { throw .invalid }
            let check = try Luhn.calcCheckDigit(number.dropFirst(1).dropLast(1))
            let candidates = try check + PyString("JABCDEFGHI").at(check.intValue())
            guard number.suffix(1).isIn(candidates) else { throw .invalidChecksum }
            return number
        }
    }

    /// `stdnum.fi.alv`: 8 digits, weighted sum divisible by 11.
    enum FiAlv: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            let number = number.cleaned(deleting: " -").uppercased().stripped()
            return number.hasPrefix("FI") ? number.dropFirst(2) : number
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.isDigits, number.count == 8 else { throw .invalid }
            guard try number.weightedSum([7, 9, 10, 5, 8, 4, 2, 1]) % 11 == 0 else { throw .invalidChecksum }
            return number
        }
    }

    /// `stdnum.fr.tva`: two check characters (digits, or letters without I and O) and a
    /// SIREN (Monaco's `000…` numbers skip the SIREN check).
    enum FrTva: StdnumModule {
        static let alphabet: PyString = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"

        static func compact(_ number: PyString) -> PyString {
            let number = number.cleaned(deleting: " -.").uppercased().stripped()
            return number.hasPrefix("FR") ? number.dropFirst(2) : number
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            let key = number.prefix(2), siren = number.dropFirst(2)
            guard key.scalars.allSatisfy({ PyString(CollectionOfOne($0)).isIn(alphabet) }), siren.isDigits
            else { throw .invalid }
            guard number.count == 11 else { throw .invalid }
            if siren.prefix(3) != "000" { _ = try FrSiren.validate(siren) }
            if number.isDigits {
                guard try key.intValue() == (siren + "12").intValue() % 97 else { throw .invalidChecksum }
            } else {
                let first = try alphabet.index(of: key.at(0)), second = try alphabet.index(of: key.at(1))
                let check = try key.at(0).isDigits ? first * 24 + second - 10 : first * 34 + second - 100
                guard try (siren.intValue() + 1 + check / 11) % 11 == check % 11 else { throw .invalidChecksum }
            }
            return number
        }
    }

    /// `stdnum.fr.siren`: 9 digits passing Luhn.
    enum FrSiren: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            number.cleaned(deleting: " .").stripped()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.isDigits, number.count == 9 else { throw .invalid }
            try Luhn.validate(number)
            return number
        }
    }

    /// `stdnum.gr.vat`: 9 digits (8-digit numbers get a leading 0), a doubling checksum.
    enum GrVat: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            var number = number.cleaned(deleting: " -./:").uppercased().stripped()
            if number.hasPrefix("EL") || number.hasPrefix("GR") { number = number.dropFirst(2) }
            return number.count == 8 ? "0" + number : number
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.isDigits, number.count == 9 else { throw .invalid }
            var checksum = 0
            for digit in try number.dropLast(1).digitValues() {
                checksum = checksum * 2 + digit
            }
            guard PyString(checksum * 2 % 11 % 10) == number.suffix(1) else { throw .invalidChecksum }
            return number
        }
    }

    /// `stdnum.hr.oib`: 11 digits, ISO 7064 mod 11,10.
    enum HrOib: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            let number = number.cleaned(deleting: " -").uppercased().stripped()
            return number.hasPrefix("HR") ? number.dropFirst(2) : number
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.isDigits, number.count == 11 else { throw .invalid }
            try Mod11_10.validate(number)
            return number
        }
    }

    /// `stdnum.hu.anum`: 8 digits, weights 9 7 3 1 summing to a multiple of 10.
    enum HuAnum: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            let number = number.cleaned(deleting: " -").uppercased().stripped()
            return number.hasPrefix("HU") ? number.dropFirst(2) : number
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.isDigits, number.count == 8 else { throw .invalid }
            guard try number.weightedSum([9, 7, 3, 1, 9, 7, 3, 1]) % 10 == 0 else { throw .invalidChecksum }
            return number
        }
    }

    /// `stdnum.ie.vat`: 7 digits and a check letter (plus an optional letter), or the old
    /// form whose second character is a letter, `+` or `*`.
    enum IeVat: StdnumModule {
        static let alphabet: PyString = "WABCDEFGHIJKLMNOPQRSTUV"

        static func compact(_ number: PyString) -> PyString {
            let number = number.cleaned(deleting: " -").uppercased().stripped()
            return number.hasPrefix("IE") ? number.dropFirst(2) : number
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.prefix(1).isDigits, number.slice(2, 7).isDigits else { throw .invalid }
            guard number.dropFirst(7).scalars.allSatisfy({ PyString(CollectionOfOne($0)).isIn(alphabet) })
            else { throw .invalid }
            guard number.count == 8 || number.count == 9 else { throw .invalid }
            let check: PyString
            if number.prefix(7).isDigits {
                check = try checkLetter(number.prefix(7) + number.dropFirst(8))
            } else if try number.at(1).isIn("ABCDEFGHIJKLMNOPQRSTUVWXYZ+*") {
                check = try checkLetter(number.slice(2, 7) + number.prefix(1))
            } else {
                throw .invalid
            }
            guard try number.at(7) == check else { throw .invalidChecksum }
            return number
        }

        private static func checkLetter(_ body: PyString) throws(StdnumError) -> PyString {
            let padded = compact(body).zfill(7)
            let sum = try padded.prefix(7).weightedSum(Array((2...8).reversed()))
                + 9 * alphabet.index(of: padded.dropFirst(7))
            return try alphabet.at(sum % 23)
        }
    }

    /// `stdnum.it.iva`: 11 digits with a province code in 001-100 (or 120, 121, 888,
    /// 999) and a Luhn digit.
    enum ItIva: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            let number = number.cleaned(deleting: " -:").uppercased().stripped()
            return number.hasPrefix("IT") ? number.dropFirst(2) : number
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.isDigits, try number.prefix(7).intValue() != 0 else { throw .invalid }
            guard number.count == 11 else { throw .invalid }
            let province = number.slice(7, 10)
            guard ("001"..."100").contains(province) || ["120", "121", "888", "999"].contains(province)
            else { throw .invalid }
            try Luhn.validate(number)
            return number
        }
    }

    /// `stdnum.lt.pvm`: 9 digits (8th is 1) or 12 digits (11th is 1), with a weighted
    /// check digit that retries with shifted weights on 10.
    enum LtPvm: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            let number = number.cleaned(deleting: " -").uppercased().stripped()
            return number.hasPrefix("LT") ? number.dropFirst(2) : number
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.isDigits else { throw .invalid }
            switch number.count {
            case 9: guard try number.at(7) == "1" else { throw .invalid }
            case 12: guard try number.at(10) == "1" else { throw .invalid }
            default: throw .invalid
            }
            guard try checkDigit(number.dropLast(1)) == number.suffix(1) else { throw .invalidChecksum }
            return number
        }

        private static func checkDigit(_ body: PyString) throws(StdnumError) -> PyString {
            let digits = try body.digitValues()
            var check = digits.enumerated().reduce(0) { $0 + (1 + $1.offset % 9) * $1.element } % 11
            if check == 10 {
                check = digits.enumerated().reduce(0) { $0 + (1 + ($1.offset + 2) % 9) * $1.element }
            }
            return PyString(check % 11 % 10)
        }
    }

    /// `stdnum.lu.tva`: 8 digits, the last two the first six mod 89.
    enum LuTva: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            let number = number.cleaned(deleting: " :.-").uppercased().stripped()
            return number.hasPrefix("LU") ? number.dropFirst(2) : number
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.isDigits, number.count == 8 else { throw .invalid }
            let check = try number.prefix(6).intValue() % 89
            guard PyString(String(format2: check)) == number.suffix(2) else { throw .invalidChecksum }
            return number
        }
    }

    /// `stdnum.lv.pvn`: 11 digits; companies (first digit above 3) have a weighted sum of 3
    /// mod 11, people a birth date (unless they start 32) and a check digit.
    enum LvPvn: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            let number = number.cleaned(deleting: " -").uppercased().stripped()
            return number.hasPrefix("LV") ? number.dropFirst(2) : number
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.isDigits, number.count == 11 else { throw .invalid }
            if try number.at(0) > "3" {
                guard try number.weightedSum([9, 1, 4, 8, 3, 10, 2, 5, 7, 6, 1]) % 11 == 3 else { throw .invalidChecksum }
                return number
            }
            if !number.hasPrefix("32") {
                let year = try number.slice(4, 6).intValue() + 1800 + number.slice(6, 7).intValue() * 100
                guard try isValidDate(year: year, month: number.slice(2, 4).intValue(), day: number.slice(0, 2).intValue())
                else { throw .invalid }
            }
            let check = (1 + (try number.dropLast(1).weightedSum([10, 5, 8, 4, 2, 1, 6, 3, 7, 9]))) % 11 % 10
            guard PyString(check) == number.suffix(1) else { throw .invalidChecksum }
            return number
        }
    }

    /// `stdnum.mt.vat`: 8 digits, not starting 0, weighted sum divisible by 37.
    enum MtVat: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            let number = number.cleaned(deleting: " -").uppercased().stripped()
            return number.hasPrefix("MT") ? number.dropFirst(2) : number
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.isDigits, try number.at(0) != "0" else { throw .invalid }
            guard number.count == 8 else { throw .invalid }
            guard try number.weightedSum([3, 4, 6, 7, 8, 9, 10, 1]) % 37 == 0 else { throw .invalidChecksum }
            return number
        }
    }

    /// `stdnum.nl.btw`: 9 digits, `B`, 2 digits; the digits are a BSN or the whole
    /// `NL…` number passes ISO 7064 mod 97-10 (the 2020 sole-trader numbers).
    enum NlBtw: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            var number = number.cleaned(deleting: " -.").uppercased().stripped()
            if number.hasPrefix("NL") { number = number.dropFirst(2) }
            return NlBsn.compact(number.dropLast(3)) + number.suffix(3)
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.prefix(9).isDigits, !number.prefix(9).isZero else { throw .invalid }
            guard number.dropFirst(10).isDigits, !number.dropFirst(10).isZero else { throw .invalid }
            guard number.count == 12 else { throw .invalid }
            guard try number.at(9) == "B" else { throw .invalid }
            guard try NlBsn.isValid(number.prefix(9)) || Mod97_10.isValid("NL" + number) else { throw .invalidChecksum }
            return number
        }
    }

    /// `stdnum.nl.bsn`: 9 digits (zero-padded) passing the "11-proof".
    enum NlBsn: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            number.cleaned(deleting: " -.").stripped().zfill(9)
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.isDigits, !number.isZero else { throw .invalid }
            guard number.count == 9 else { throw .invalid }
            let sum = try number.dropLast(1).weightedSum(Array((2...9).reversed())) - number.suffix(1).intValue()
            guard pyMod(sum, 11) == 0 else { throw .invalidChecksum }
            return number
        }
    }

    /// `stdnum.pl.nip`: 10 digits, weighted sum (last weight -1) divisible by 11.
    enum PlNip: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            let number = number.cleaned(deleting: " -").uppercased().stripped()
            return number.hasPrefix("PL") ? number.dropFirst(2) : number
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.isDigits, number.count == 10 else { throw .invalid }
            guard pyMod(try number.weightedSum([6, 5, 7, 2, 3, 4, 5, 6, 7, -1]), 11) == 0 else { throw .invalidChecksum }
            return number
        }
    }

    /// `stdnum.pt.nif`: 9 digits, not starting 0, mod 11 check digit.
    enum PtNif: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            let number = number.cleaned(deleting: " -.").uppercased().stripped()
            return number.hasPrefix("PT") ? number.dropFirst(2) : number
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.isDigits, try number.at(0) != "0" else { throw .invalid }
            guard number.count == 9 else { throw .invalid }
            let check = pyMod(11 - (try number.dropLast(1).weightedSum(Array((2...9).reversed()))), 11) % 10
            guard PyString(check) == number.suffix(1) else { throw .invalidChecksum }
            return number
        }
    }

    /// `stdnum.ro.cf`: a 13-digit CNP or a 2-10 digit CUI; the `RO` prefix stays in the
    /// compact form.
    enum RoCf: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            number.cleaned(deleting: " -").uppercased().stripped()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            let unprefixed = number.hasPrefix("RO") ? number.dropFirst(2) : number
            if unprefixed.count == 13 {
                _ = try RoCnp.validate(unprefixed)
            } else if (2...10).contains(unprefixed.count) {
                _ = try RoCui.validate(number)
            } else {
                throw .invalid
            }
            return number
        }
    }

    /// `stdnum.ro.cnp`: sex/century digit, birth date, county code, weighted check digit.
    enum RoCnp: StdnumModule {
        static let counties: Set<PyString> = Set((1...48).map { PyString(String(format2: $0)) })
            .union(["51", "52", "70", "80", "81", "82", "83"])

        static func compact(_ number: PyString) -> PyString {
            number.cleaned(deleting: " -").stripped()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.isDigits, try number.at(0).isIn("123456789") else { throw .invalid }
            guard number.count == 13 else { throw .invalid }
            let centuries: [PyString: Int] = ["3": 1800, "4": 1800, "5": 2000, "6": 2000]
            let century = centuries[number.prefix(1)] ?? 1900
            let year = try number.slice(1, 3).intValue() + century
            guard try isValidDate(year: year, month: number.slice(3, 5).intValue(), day: number.slice(5, 7).intValue())
            else { throw .invalid }
            guard counties.contains(number.slice(7, 9)) else { throw .invalid }
            let check = try number.dropLast(1).weightedSum([2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9]) % 11
            guard PyString(check == 10 ? 1 : check) == number.suffix(1) else { throw .invalidChecksum }
            return number
        }
    }

    /// `stdnum.ro.cui`: 2-10 digits, not starting 0, weighted mod 11 check digit.
    enum RoCui: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            let number = number.cleaned(deleting: " -").uppercased().stripped()
            return number.hasPrefix("RO") ? number.dropFirst(2) : number
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.isDigits, try number.at(0) != "0" else { throw .invalid }
            guard (2...10).contains(number.count) else { throw .invalid }
            let body = number.dropLast(1).zfill(9)
            let check = 10 * (try body.weightedSum([7, 5, 3, 2, 1, 7, 5, 3, 2])) % 11 % 10
            guard PyString(check) == number.suffix(1) else { throw .invalidChecksum }
            return number
        }
    }

    /// `stdnum.se.vat`: a Swedish organisation number followed by `01`.
    enum SeVat: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            let number = number.cleaned(deleting: " -.").uppercased().stripped()
            return number.hasPrefix("SE") ? number.dropFirst(2) : number
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.isDigits, number.suffix(2) == "01" else { throw .invalid }
            _ = try SeOrgnr.validate(number.dropLast(2))
            return number
        }
    }

    /// `stdnum.se.orgnr`: 10 digits passing Luhn.
    enum SeOrgnr: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            number.cleaned(deleting: " -.").stripped()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.isDigits, number.count == 10 else { throw .invalid }
            try Luhn.validate(number)
            return number
        }
    }

    /// `stdnum.si.ddv`: 8 digits, not starting 0, mod 11 check digit (a remainder giving
    /// 11 never validates).
    enum SiDdv: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            let number = number.cleaned(deleting: " -").uppercased().stripped()
            return number.hasPrefix("SI") ? number.dropFirst(2) : number
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.isDigits, !number.hasPrefix("0") else { throw .invalid }
            guard number.count == 8 else { throw .invalid }
            let check = 11 - (try number.dropLast(1).weightedSum(Array((2...8).reversed()))) % 11
            guard PyString(check == 10 ? 0 : check) == number.suffix(1) else { throw .invalidChecksum }
            return number
        }
    }

    /// `stdnum.sk.dph`: a birth number, or 10 digits not starting 0 whose third digit is
    /// 2, 3, 4, 7, 8 or 9, divisible by 11.
    enum SkDph: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            let number = number.cleaned(deleting: " -").uppercased().stripped()
            return number.hasPrefix("SK") ? number.dropFirst(2) : number
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.isDigits, number.count == 10 else { throw .invalid }
            if try CzRc.isValid(number) { return number }
            guard try number.at(0) != "0", try number.at(2).isIn("234789") else { throw .invalid }
            guard try number.intValue() % 11 == 0 else { throw .invalidChecksum }
            return number
        }
    }
}

private extension String {
    /// `'%02d' % value`.
    init(format2 value: Int) {
        self = value < 10 ? "0\(value)" : "\(value)"
    }
}

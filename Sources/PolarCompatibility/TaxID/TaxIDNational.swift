import Foundation

// Ports of the non-EU python-stdnum 2.2 modules Polar's country map reaches.

extension Stdnum {
    /// `stdnum.ad.nrt`: letter, 6 digits, letter; the first letter names the holder type
    /// and bounds the digits for F, A and L. There is no check letter to verify.
    enum AdNrt: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            number.cleaned(deleting: " -.").uppercased().stripped()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.count == 8 else { throw .invalid }
            let first = try number.at(0), digits = number.dropFirst(1).dropLast(1)
            guard first.isAlpha, try number.at(-1).isAlpha, digits.isDigits else { throw .invalid }
            guard first.isIn("ACDEFGLOPU") else { throw .invalid }
            if first == "F", digits > "699999" { throw .invalid }
            if first.isIn("AL"), !("699999" < digits && digits < "800000") { throw .invalid }
            return number
        }
    }

    /// `stdnum.ar.cuit`: 11 digits, a known type prefix and a weighted mod 11 digit.
    enum ArCuit: StdnumModule {
        static let types: Set<PyString> = ["20", "23", "24", "27", "30", "33", "34", "50", "51", "55"]

        static func compact(_ number: PyString) -> PyString {
            number.cleaned(deleting: " -").stripped()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.count == 11, number.isDigits, types.contains(number.prefix(2)) else { throw .invalid }
            let sum = try number.dropLast(1).weightedSum([5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11
            guard try PyString("012345678990").at(11 - sum) == number.suffix(1) else { throw .invalidChecksum }
            return number
        }
    }

    /// `stdnum.au.abn`: 11 digits whose leading two are check digits over the other nine.
    enum AuAbn: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            number.cleaned(deleting: " ").stripped()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.isDigits, number.count == 11 else { throw .invalid }
            let sum = try number.dropFirst(2).weightedSum([-3, -5, -7, -9, -11, -13, -15, -17, -19])
            guard PyString(11 + pyMod(sum - 1, 89)) == number.prefix(2) else { throw .invalidChecksum }
            return number
        }
    }

    /// `stdnum.br.cnpj`: 14 characters (letters allowed in the first 12 since the 2026
    /// alphanumeric CNPJ), two mod 11 check digits over `ord(c) - 48`.
    enum BrCnpj: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            number.cleaned(deleting: " -./").stripped().uppercased()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            // `^[\dA-Z]+$`, where Python's `\d` takes any Unicode decimal digit.
            let allowed = number.scalars.allSatisfy {
                $0.properties.generalCategory == .decimalNumber || ("A"..."Z").contains($0)
            }
            guard !number.isEmpty, allowed, !number.hasPrefix("000000000000") else { throw .invalid }
            guard number.count == 14 else { throw .invalid }
            guard checkDigits(number) == number.suffix(2) else { throw .invalidChecksum }
            return number
        }

        private static func checkDigits(_ number: PyString) -> PyString {
            var values = number.prefix(12).scalars.map { Int($0.value) - 48 }
            let first = checkDigit(values, weights: [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2])
            values.append(first)
            let second = checkDigit(values, weights: [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2])
            return PyString(first) + PyString(second)
        }

        private static func checkDigit(_ values: [Int], weights: [Int]) -> Int {
            pyMod(11 - zip(weights, values).reduce(0) { $0 + $1.0 * $1.1 }, 11) % 10
        }
    }

    /// `stdnum.br.cpf`: 11 digits, two mod 11 check digits.
    enum BrCpf: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            number.cleaned(deleting: " -.").stripped()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.isDigits, !number.isZero else { throw .invalid }
            guard number.count == 11 else { throw .invalid }
            let first = pyMod(11 - (try number.weightedSum(Array((2...10).reversed()))), 11) % 10
            let second = pyMod(11 - (try number.weightedSum(Array((3...11).reversed()))) - 2 * first, 11) % 10
            guard PyString(first) + PyString(second) == number.suffix(2) else { throw .invalidChecksum }
            return number
        }
    }

    /// `stdnum.ca.bn`: a 9-digit Luhn business number, optionally followed by a program
    /// account (`RC`, `RM`, `RP` or `RT` and 4 digits).
    enum CaBn: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            number.cleaned(deleting: "- ").stripped()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.count == 9 || number.count == 15 else { throw .invalid }
            guard number.prefix(9).isDigits else { throw .invalid }
            try Luhn.validate(number.prefix(9))
            if number.count == 15 {
                guard ["RC", "RM", "RP", "RT"].contains(number.slice(9, 11)), number.dropFirst(11).isDigits
                else { throw .invalid }
            }
            return number
        }
    }

    /// `stdnum.ch.uid`: `CHE` and 9 digits (bare 9 digits get the prefix), weighted mod 11.
    enum ChUid: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            let number = number.cleaned(deleting: " -.").stripped().uppercased()
            return number.count == 9 && number.isDigits ? "CHE" + number : number
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.count == 12, number.hasPrefix("CHE"), number.dropFirst(3).isDigits else { throw .invalid }
            let check = pyMod(11 - (try number.dropFirst(3).dropLast(1).weightedSum([5, 4, 3, 2, 7, 6, 5, 4])), 11)
            guard PyString(check) == number.suffix(1) else { throw .invalidChecksum }
            return number
        }
    }

    /// `stdnum.ch.vat`: a UID followed by `MWST`, `TVA`, `IVA` or `TPV`.
    enum ChVat: StdnumModule {
        static func compact(_ number: PyString) -> PyString { ChUid.compact(number) }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.count == 15 || number.count == 16 else { throw .invalid }
            _ = try ChUid.validate(number.prefix(12))
            guard ["MWST", "TVA", "IVA", "TPV"].contains(number.dropFirst(12)) else { throw .invalid }
            return number
        }
    }

    /// `stdnum.cl.rut`: 7-8 digits and a mod 11 check character (`K` for 10).
    enum ClRut: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            let number = number.cleaned(deleting: " -.").uppercased().stripped()
            return number.hasPrefix("CL") ? number.dropFirst(2) : number
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.count == 8 || number.count == 9, number.dropLast(1).isDigits else { throw .invalid }
            let digits = try number.dropLast(1).digitValues().reversed()
            let sum = digits.enumerated().reduce(0) { $0 + $1.element * (4 + pyMod(5 - $1.offset, 6)) }
            guard try PyString("0123456789K").at(sum % 11) == number.suffix(1) else { throw .invalidChecksum }
            return number
        }
    }

    /// `stdnum.co.nit`: 8-16 digits, prime weights from the right, mod 11.
    enum CoNit: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            number.cleaned(deleting: ".,- ").uppercased().stripped()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard (8...16).contains(number.count), number.isDigits else { throw .invalid }
            let weights = [3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71]
            let sum = try PyString(number.dropLast(1).scalars.reversed()).weightedSum(weights) % 11
            guard try PyString("01987654321").at(sum) == number.suffix(1) else { throw .invalidChecksum }
            return number
        }
    }

    /// `stdnum.cr.cpj`: 10 digits whose class digit and type code come from a fixed list.
    enum CrCpj: StdnumModule {
        static let classThreeTypes: Set<PyString> = [
            "002", "003", "004", "005", "006", "007", "008", "009", "010", "011", "012", "013", "014",
            "101", "102", "103", "104", "105", "106", "107", "108", "109", "110",
        ]

        static func compact(_ number: PyString) -> PyString {
            number.cleaned(deleting: " -").uppercased().stripped()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.count == 10, number.isDigits else { throw .invalid }
            let type = number.slice(1, 4)
            switch number.prefix(1) {
            case "2": guard ["100", "200", "300", "400"].contains(type) else { throw .invalid }
            case "3": guard classThreeTypes.contains(type) else { throw .invalid }
            case "4": guard type == "000" else { throw .invalid }
            case "5": guard type == "001" else { throw .invalid }
            default: throw .invalid
            }
            return number
        }
    }

    /// `stdnum.ec.ci`: 10 digits, a province code, third digit up to 6 and a Luhn-like digit.
    enum EcCi: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            number.cleaned(deleting: " -").uppercased().stripped()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.count == 10, number.isDigits, hasProvince(number) else { throw .invalid }
            guard try number.at(2) <= "6" else { throw .invalid }
            let sum = try number.digitValues().enumerated().reduce(0) { sum, pair in
                let product = pair.offset.isMultiple(of: 2) ? 2 * pair.element : pair.element
                return sum + (product > 9 ? product - 9 : product)
            }
            guard sum % 10 == 0 else { throw .invalidChecksum }
            return number
        }

        /// Provinces 01-24, plus 30 (abroad) and 50.
        static func hasProvince(_ number: PyString) -> Bool {
            let province = number.prefix(2)
            return ("01"..."24").contains(province) || ["30", "50"].contains(province)
        }
    }

    /// `stdnum.ec.ruc`: 13 digits; third digit 0-5 is a person (CI plus establishment),
    /// 6 a public body, 9 a company, each with its own mod 11 check.
    enum EcRuc: StdnumModule {
        static func compact(_ number: PyString) -> PyString { EcCi.compact(number) }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.count == 13, number.isDigits, EcCi.hasProvince(number) else { throw .invalid }
            let kind = try number.at(2)
            if kind < "6" {
                try validateNatural(number)
            } else if kind == "6" {
                try validatePublic(number, orElse: validateNatural)
            } else if kind == "9" {
                try validatePublic(number, orElse: validateJuridical)
            } else {
                throw .invalid
            }
            return number
        }

        private static func validateNatural(_ number: PyString) throws(StdnumError) {
            guard number.suffix(3) != "000" else { throw .invalid }
            _ = try EcCi.validate(number.prefix(10))
        }

        /// stdnum tries the public rules first and on any validation error falls back.
        private static func validatePublic(
            _ number: PyString, orElse fallback: (PyString) throws(StdnumError) -> Void
        ) throws(StdnumError) {
            do throws(StdnumError) {
                guard number.suffix(4) != "0000" else { throw .invalid }
                guard try number.prefix(9).weightedSum([3, 2, 7, 6, 5, 4, 3, 2, 1]) % 11 == 0
                else { throw .invalidChecksum }
            } catch .unexpected {
                throw .unexpected
            } catch {
                try fallback(number)
            }
        }

        private static func validateJuridical(_ number: PyString) throws(StdnumError) {
            guard number.suffix(3) != "000" else { throw .invalid }
            guard try number.prefix(10).weightedSum([4, 3, 2, 7, 6, 5, 4, 3, 2, 1]) % 11 == 0
            else { throw .invalidChecksum }
        }
    }

    /// `stdnum.gb.vat`: 9 digits (12 with a branch), mod 97 giving 0, 42 or 55 (only 0
    /// below 100), or the `GD`/`HA` government and health-authority forms.
    enum GbVat: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            let number = number.cleaned(deleting: " -.").uppercased().stripped()
            return number.hasPrefix("GB") || number.hasPrefix("XI") ? number.dropFirst(2) : number
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            if number.count == 5 {
                guard number.dropFirst(2).isDigits else { throw .invalid }
                try checkDepartment(number, code: number.dropFirst(2).intValue())
            } else if number.count == 11, ["GD8888", "HA8888"].contains(number.prefix(6)) {
                guard number.dropFirst(6).isDigits else { throw .invalid }
                let code = try number.slice(6, 9).intValue()
                try checkDepartment(number, code: code)
                guard try code % 97 == number.slice(9, 11).intValue() else { throw .invalidChecksum }
            } else if number.count == 9 || number.count == 12 {
                guard number.isDigits else { throw .invalid }
                let sum = try number.prefix(9).weightedSum([8, 7, 6, 5, 4, 3, 2, 10, 1]) % 97
                let allowed = try number.prefix(3).intValue() >= 100 ? [0, 42, 55] : [0]
                guard allowed.contains(sum) else { throw .invalidChecksum }
            } else {
                throw .invalid
            }
            return number
        }

        /// Government departments (`GD`) number below 500, health authorities (`HA`) from 500.
        private static func checkDepartment(_ number: PyString, code: Int) throws(StdnumError) {
            guard (number.hasPrefix("GD") && code < 500) || (number.hasPrefix("HA") && code >= 500) else { throw .invalid }
        }
    }

    /// `stdnum.id.npwp`: 15 digits (Luhn over the first 9), or 16 digits that are either
    /// a leading 0 and Luhn over the first 10, or a NIK.
    enum IdNpwp: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            number.cleaned(deleting: " -.").stripped()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.isDigits else { throw .invalid }
            switch number.count {
            case 15:
                try Luhn.validate(number.prefix(9))
            case 16 where !number.hasPrefix("0"):
                return try IdNik.validate(number)
            case 16:
                try Luhn.validate(number.prefix(10))
            default:
                throw .invalid
            }
            return number
        }
    }

    /// `stdnum.id.nik`: 16 digits with a known province and a birth date (day +40 for women).
    enum IdNik: StdnumModule {
        /// The top-level codes of stdnum's `id/loc.dat`; only the province is looked up.
        static let provinces: Set<PyString> = [
            "11", "12", "13", "14", "15", "16", "17", "18", "19", "21", "31", "32", "33", "34", "35", "36",
            "51", "52", "53", "61", "62", "63", "64", "71", "72", "73", "74", "75", "76", "81", "82", "91", "94",
        ]

        static func compact(_ number: PyString) -> PyString {
            number.cleaned(deleting: " -.").stripped()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.isDigits, number.count == 16 else { throw .invalid }
            let day = try number.slice(6, 8).intValue() % 40
            let month = try number.slice(8, 10).intValue(), year = try number.slice(10, 12).intValue()
            guard isValidDate(year: 1900 + year, month: month, day: day)
                || isValidDate(year: 2000 + year, month: month, day: day)
            else { throw .invalid }
            guard provinces.contains(number.prefix(2)) else { throw .invalid }
            return number
        }
    }

    /// `stdnum.il.idnr`: up to 9 digits, zero-padded, not all zero, passing Luhn.
    enum IlIdnr: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            number.cleaned(deleting: " -").stripped().zfill(9)
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.count <= 9, number.isDigits, !number.isZero else { throw .invalid }
            try Luhn.validate(number)
            return number
        }
    }

    /// `stdnum.in_.gstin`: state code, PAN, entity digit, `Z`, base-36 Luhn character.
    enum InGstin: StdnumModule {
        static let alphabet: PyString = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

        static func compact(_ number: PyString) -> PyString {
            number.cleaned(deleting: " -").uppercased().stripped()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.count == 15 else { throw .invalid }
            // ^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][0-9A-Z]{3}$
            guard number.prefix(2).allIn("0"..."9"), number.slice(2, 7).allIn("A"..."Z"),
                  number.slice(7, 11).allIn("0"..."9"), number.slice(11, 12).allIn("A"..."Z"),
                  number.dropFirst(12).allIn("0"..."9", "A"..."Z")
            else { throw .invalid }
            let state = try number.prefix(2).intValue()
            guard (1...37).contains(state), try number.at(12) != "0", try number.at(13) == "Z" else { throw .invalid }
            _ = try InPan.validate(number.slice(2, 12))
            try Luhn.validate(number, alphabet: alphabet)
            return number
        }
    }

    /// `stdnum.in_.pan`: 5 letters (the fourth a holder type), 4 digits not all zero, a letter.
    enum InPan: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            number.cleaned(deleting: " -").uppercased().stripped()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.count == 10 else { throw .invalid }
            // ^[A-Z]{5}[0-9]{4}[A-Z]$
            guard number.prefix(5).allIn("A"..."Z"), number.slice(5, 9).allIn("0"..."9"),
                  number.dropFirst(9).allIn("A"..."Z")
            else { throw .invalid }
            guard try number.at(3).isIn("ABCFGHLJPTK"), number.slice(5, 9) != "0000" else { throw .invalid }
            return number
        }
    }

    /// `stdnum.is_.vsk`: 5 or 6 digits, no checksum.
    enum IsVsk: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            let number = number.cleaned(deleting: " ").uppercased().stripped()
            return number.hasPrefix("IS") ? number.dropFirst(2) : number
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.isDigits, number.count == 5 || number.count == 6 else { throw .invalid }
            return number
        }
    }

    /// `stdnum.jp.cn`: 13 digits, the first a check digit over the other twelve.
    enum JpCn: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            number.cleaned(deleting: "- ").stripped()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.count == 13, number.isDigits else { throw .invalid }
            let weights = [1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2]
            let sum = try PyString(number.dropFirst(1).scalars.reversed()).weightedSum(weights) % 9
            guard PyString(9 - sum) == number.prefix(1) else { throw .invalidChecksum }
            return number
        }
    }

    /// `stdnum.ke.pin`: `A` or `P` (the regex `[A|P]` also admits `|`), 9 digits, a letter.
    enum KePin: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            number.cleaned(deleting: " -").stripped().uppercased()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.count == 11 else { throw .invalid }
            guard number.prefix(1).isIn("A|P"), number.slice(1, 10).allIn("0"..."9"), number.dropFirst(10).allIn("A"..."Z")
            else { throw .invalid }
            return number
        }
    }

    /// `stdnum.kr.brn`: 10 digits with an office code from 101, a non-zero type and serial.
    enum KrBrn: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            number.cleaned(deleting: " -").stripped()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.count == 10, number.isDigits else { throw .invalid }
            guard number.prefix(3) >= "101", number.slice(3, 5) != "00", number.dropFirst(5).dropLast(1) != "0000"
            else { throw .invalid }
            return number
        }
    }

    /// `stdnum.mk.edb`: 13 digits with a weighted mod 11 check digit; the `MK` prefix may
    /// be written in Latin or Cyrillic (`МК`) letters, each stripped once, in that order.
    enum MkEdb: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            var number = number.cleaned(deleting: " -").uppercased().stripped()
            for prefix: PyString in ["MK", "\u{41C}\u{41A}"] where number.hasPrefix(prefix) {
                number = number.dropFirst(prefix.count)
            }
            return number
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.count == 13, number.isDigits else { throw .invalid }
            let sum = try number.weightedSum([7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2])
            guard PyString(pyMod(-sum, 11) % 10) == number.suffix(1) else { throw .invalidChecksum }
            return number
        }
    }

    /// `stdnum.mx.rfc`: 4 letters and a date (people, 10 or 13 characters) or 3 letters and a
    /// date (companies, 12); stdnum skips the check digit by default.
    enum MxRfc: StdnumModule {
        static let blockedNames: Set<PyString> = [
            "BUEI", "BUEY", "CACA", "CACO", "CAGA", "CAGO", "CAKA", "CAKO", "COGE", "COJA", "COJE", "COJI", "COJO",
            "CULO", "FETO", "GUEY", "JOTO", "KACA", "KACO", "KAGA", "KAGO", "KAKA", "KOGE", "KOJO", "KULO", "MAME",
            "MAMO", "MEAR", "MEAS", "MEON", "MION", "MOCO", "MULA", "PEDA", "PEDO", "PENE", "PUTA", "PUTO", "QULO",
            "RATA", "RUIN",
        ]

        static func compact(_ number: PyString) -> PyString {
            number.cleaned(deleting: "-_ ").uppercased().stripped()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            switch number.count {
            case 10, 13:
                // ^[A-Z&Ñ]{4}[0-9]{6}[0-9A-Z]{0,3}$
                guard isNameLetters(number.prefix(4)), number.slice(4, 10).allIn("0"..."9"),
                      number.dropFirst(10).allIn("0"..."9", "A"..."Z")
                else { throw .invalid }
                guard !blockedNames.contains(number.prefix(4)) else { throw .invalid }
                try checkDate(number.slice(4, 10))
            case 12:
                // ^[A-Z&Ñ]{3}[0-9]{6}[0-9A-Z]{3}$
                guard isNameLetters(number.prefix(3)), number.slice(3, 9).allIn("0"..."9"),
                      number.dropFirst(9).allIn("0"..."9", "A"..."Z")
                else { throw .invalid }
                try checkDate(number.slice(3, 9))
            default:
                throw .invalid
            }
            return number
        }

        private static func isNameLetters(_ letters: PyString) -> Bool {
            letters.allIn("A"..."Z", "&"..."&", "Ñ"..."Ñ")
        }

        /// `yymmdd`, read as a 2000s date.
        private static func checkDate(_ date: PyString) throws(StdnumError) {
            let year = try date.prefix(2).intValue(), month = try date.slice(2, 4).intValue()
            guard isValidDate(year: 2000 + year, month: month, day: try date.slice(4, 6).intValue()) else { throw .invalid }
        }
    }

    /// `stdnum.no.mva`: an organisation number followed by `MVA`.
    enum NoMva: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            let number = number.cleaned(deleting: " ").uppercased().stripped()
            return number.hasPrefix("NO") ? number.dropFirst(2) : number
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.hasSuffix("MVA") else { throw .invalid }
            _ = try NoOrgnr.validate(number.dropLast(3))
            return number
        }
    }

    /// `stdnum.no.orgnr`: 9 digits, weighted sum divisible by 11.
    enum NoOrgnr: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            number.cleaned(deleting: " ").stripped()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.isDigits, number.count == 9 else { throw .invalid }
            guard try number.weightedSum([3, 2, 7, 6, 5, 4, 3, 2, 1]) % 11 == 0 else { throw .invalidChecksum }
            return number
        }
    }

    /// `stdnum.pe.ruc`: 11 digits, type 10, 15, 17 or 20, weighted mod 11 digit.
    enum PeRuc: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            number.cleaned(deleting: " ").stripped()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.count == 11, number.isDigits else { throw .invalid }
            guard ["10", "15", "17", "20"].contains(number.prefix(2)) else { throw .invalid }
            let check = (11 - (try number.weightedSum([5, 4, 3, 2, 7, 6, 5, 4, 3, 2])) % 11) % 10
            guard number.hasSuffix(PyString(check)) else { throw .invalidChecksum }
            return number
        }
    }

    /// `stdnum.rs.pib`: 9 digits, ISO 7064 mod 11,10.
    enum RsPib: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            number.cleaned(deleting: " -.").stripped()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.isDigits, number.count == 9 else { throw .invalid }
            try Mod11_10.validate(number)
            return number
        }
    }

    /// `stdnum.ru.inn`: 10 digits (organisations, one check digit) or 12 (people, two).
    enum RuInn: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            number.cleaned(deleting: " ").stripped()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.isDigits else { throw .invalid }
            switch number.count {
            case 10:
                let check = try number.weightedSum([2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11 % 10
                guard PyString(check) == number.suffix(1) else { throw .invalidChecksum }
            case 12:
                let first = PyString(try number.weightedSum([7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11 % 10)
                let second = try (number.prefix(10) + first).weightedSum([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11 % 10
                guard first + PyString(second) == number.suffix(2) else { throw .invalidChecksum }
            default:
                throw .invalid
            }
            return number
        }
    }

    /// `stdnum.sg.uen`: 9 characters for businesses (ROB), 10 starting with a year for
    /// local companies (ROC), else `R`/`S`/`T`, a year, an entity type and a serial.
    /// Years after the current one are refused, so this reads the clock as stdnum does.
    enum SgUen: StdnumModule {
        static let entityTypes: Set<PyString> = [
            "CC", "CD", "CH", "CL", "CM", "CP", "CS", "CX", "DP", "FB", "FC", "FM", "FN", "GA", "GB", "GS", "HS",
            "LL", "LP", "MB", "MC", "MD", "MH", "MM", "MQ", "NB", "NR", "PA", "PB", "PF", "RF", "RP", "SM", "SS",
            "TC", "TU", "VH", "XL",
        ]

        static func compact(_ number: PyString) -> PyString {
            number.cleaned().uppercased().stripped()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.count == 9 || number.count == 10 else { throw .invalid }
            if number.count == 9 {
                try validateBusiness(number)
            } else if try number.at(0).isDigits {
                try validateLocalCompany(number)
            } else {
                try validateOther(number)
            }
            return number
        }

        /// `datetime.now().year` as text, in the server's local time zone like Python's.
        private static var currentYear: PyString {
            PyString(Calendar.current.component(.year, from: Date()))
        }

        private static func validateBusiness(_ number: PyString) throws(StdnumError) {
            guard number.dropLast(1).isDigits, try number.at(-1).isAlpha else { throw .invalid }
            let sum = try compact(number).weightedSum([10, 4, 9, 3, 8, 2, 7, 1])
            guard try PyString("XMKECAWLJDB").at(sum % 11) == number.suffix(1) else { throw .invalidChecksum }
        }

        private static func validateLocalCompany(_ number: PyString) throws(StdnumError) {
            guard number.dropLast(1).isDigits else { throw .invalid }
            guard number.prefix(4) <= currentYear else { throw .invalid }
            let sum = try compact(number).weightedSum([10, 8, 6, 4, 9, 7, 5, 3, 1])
            guard try PyString("ZKCMDNERGWH").at(sum % 11) == number.suffix(1) else { throw .invalidChecksum }
        }

        private static func validateOther(_ number: PyString) throws(StdnumError) {
            let first = try number.at(0)
            guard ["R", "S", "T"].contains(first) else { throw .invalid }
            guard number.slice(1, 3).isDigits else { throw .invalid }
            guard first != "T" || number.slice(1, 3) <= currentYear.dropFirst(2) else { throw .invalid }
            guard entityTypes.contains(number.slice(3, 5)) else { throw .invalid }
            guard number.dropFirst(5).dropLast(1).isDigits else { throw .invalid }
            let alphabet: PyString = "ABCDEFGHJKLMNPQRSTUVWX0123456789"
            var sum = 0
            for (weight, scalar) in zip([4, 3, 5, 3, 10, 2, 2, 5, 7], compact(number).scalars) {
                sum += try weight * alphabet.index(of: PyString(CollectionOfOne(scalar)))
            }
            guard try alphabet.at(pyMod(sum - 5, 11)) == number.suffix(1) else { throw .invalidChecksum }
        }
    }

    /// `stdnum.sv.nit`: 14 digits starting 0, 1 or 9; old and new numbers (serial above
    /// 100) use different weights.
    enum SvNit: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            let number = number.cleaned(deleting: " -").uppercased().stripped()
            return number.hasPrefix("SV") ? number.dropFirst(2) : number
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.count == 14, number.isDigits, ["0", "1", "9"].contains(number.prefix(1)) else { throw .invalid }
            let check: Int
            if number.slice(10, 13) <= "100" {
                check = try number.weightedSum([14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2]) % 11 % 10
            } else {
                check = pyMod(-(try number.weightedSum([2, 7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2])), 11) % 10
            }
            guard PyString(check) == number.suffix(1) else { throw .invalidChecksum }
            return number
        }
    }

    /// `stdnum.th.moa`: 13 digits starting 0, with the personal-ID (PIN) check digit.
    enum ThMoa: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            number.cleaned(deleting: " -").stripped()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.count == 13, number.isDigits, number.hasPrefix("0") else { throw .invalid }
            let sum = pyMod(try number.weightedSum(Array((-9...2).reversed())), 11)
            guard PyString(pyMod(1 - sum, 10)) == number.suffix(1) else { throw .invalidChecksum }
            return number
        }
    }

    /// `stdnum.tr.vkn`: 10 digits; each of the first nine is shifted by its position from
    /// the right, doubled that many times mod 9.
    enum TrVkn: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            number.cleaned().stripped()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.isDigits, number.count == 10 else { throw .invalid }
            var sum = 0
            for (position, digit) in try number.prefix(9).digitValues().reversed().enumerated() {
                let shifted = (digit + position + 1) % 10
                if shifted != 0 {
                    let doubled = (shifted << (position + 1)) % 9
                    sum += doubled == 0 ? 9 : doubled
                }
            }
            guard PyString(pyMod(10 - sum, 10)) == number.suffix(1) else { throw .invalidChecksum }
            return number
        }
    }

    /// `stdnum.tw.ubn`: 8 digits whose weighted digit sum ends in 0 (or 9 when the seventh
    /// digit is 7).
    enum TwUbn: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            number.cleaned(deleting: " -").stripped()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.count == 8, number.isDigits else { throw .invalid }
            let sum = try checksum(number)
            guard sum == 0 || (sum == 9 && number.slice(6, 7) == "7") else { throw .invalidChecksum }
            return number
        }

        /// Each product is written out and its digits summed, so 2 × 7 counts as 1 + 4.
        static func checksum(_ number: PyString) throws(StdnumError) -> Int {
            var sum = 0
            for (weight, scalar) in zip([1, 2, 1, 2, 1, 2, 4, 1], number.scalars) {
                let product = try weight * PyString.digitValue(scalar)
                sum += product / 10 + product % 10
            }
            return sum % 10
        }
    }

    /// `stdnum.us.ein`: `NN-NNNNNNN` or 9 digits, with a prefix the IRS has assigned.
    enum UsEin: StdnumModule {
        /// The prefixes listed in stdnum's `us/ein.dat`.
        static let prefixes: Set<PyString> = Set(
            """
            01 02 03 04 05 06 10 11 12 13 14 15 16 20 21 22 23 24 25 26 27 30 31 32 33 34 35 36 37 38 39 40 41 42 \
            43 44 45 46 47 48 50 51 52 53 54 55 56 57 58 59 60 61 62 63 64 65 66 67 68 71 72 73 74 75 76 77 80 81 \
            82 83 84 85 86 87 88 90 91 92 93 94 95 98 99
            """.split(separator: " ").map { PyString(String($0)) })

        static func compact(_ number: PyString) -> PyString {
            number.cleaned(deleting: "-").stripped()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let text = number.cleaned().stripped()
            // ^[0-9]{2}-?[0-9]{7}$
            let digits = text.count == 10 && text.slice(2, 3) == "-" ? text.prefix(2) + text.dropFirst(3) : text
            guard digits.count == 9, digits.allIn("0"..."9") else { throw .invalid }
            let number = compact(number)
            guard prefixes.contains(number.prefix(2)) else { throw .invalid }
            return number
        }
    }

    /// `stdnum.uy.rut`: 12 digits: department 01-22, a non-zero serial, `001`, mod 11 digit.
    enum UyRut: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            let number = number.cleaned(deleting: " -").uppercased().stripped()
            return number.hasPrefix("UY") ? number.dropFirst(2) : number
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.count == 12, number.isDigits else { throw .invalid }
            guard ("01"..."22").contains(number.prefix(2)), number.slice(2, 8) != "000000", number.slice(8, 11) == "001"
            else { throw .invalid }
            let sum = try number.weightedSum([4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2])
            guard PyString(pyMod(-sum, 11)) == number.suffix(1) else { throw .invalidChecksum }
            return number
        }
    }

    /// `stdnum.ve.rif`: a type letter (V, E, J, P, G), 8 digits and a mod 11 digit that
    /// also weighs the type.
    enum VeRif: StdnumModule {
        static let typeValues: [PyString: Int] = ["V": 4, "E": 8, "J": 12, "P": 16, "G": 20]

        static func compact(_ number: PyString) -> PyString {
            number.cleaned(deleting: " -").uppercased().stripped()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.count == 10, let typeValue = typeValues[number.prefix(1)], number.dropFirst(1).isDigits
            else { throw .invalid }
            let sum = try typeValue + number.slice(1, 9).weightedSum([3, 2, 7, 6, 5, 4, 3, 2])
            guard try PyString("00987654321").at(sum % 11) == number.suffix(1) else { throw .invalidChecksum }
            return number
        }
    }

    /// `stdnum.vn.mst`: 10 digits (13 for branches, not ending 000), weighted mod 11 digit.
    enum VnMst: StdnumModule {
        static func compact(_ number: PyString) -> PyString {
            number.cleaned(deleting: " -.").stripped()
        }

        static func validate(_ number: PyString) throws(StdnumError) -> PyString {
            let number = compact(number)
            guard number.count == 10 || number.count == 13, number.isDigits else { throw .invalid }
            guard number.slice(2, 9) != "0000000", number.count == 10 || number.suffix(3) != "000" else { throw .invalid }
            let check = 10 - (try number.weightedSum([31, 29, 23, 19, 17, 13, 7, 5, 3])) % 11
            guard PyString(check) == (try number.at(9)) else { throw .invalidChecksum }
            return number
        }
    }
}

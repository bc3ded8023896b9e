import Testing
@testable import PolarCompatibility

@Suite struct CountriesTests {
    @Test func listsMatchPycountry() {
        #expect(Countries.input.count == 244)
        #expect(Countries.input == Countries.input.sorted())
        #expect(Set(Countries.input).count == 244)
        #expect(Countries.output.count == 249)
        #expect(Countries.output.subtracting(Countries.input) == ["CU", "IR", "KP", "RU", "SY"])
    }

    @Test func acceptsOnlyUpperCaseSupportedCodes() {
        for code in Countries.input {
            #expect(Countries.isValidInput(code))
        }
        for code in ["CU", "IR", "KP", "RU", "SY", "us", "Us", "", "USA", "XK", "EU", "UK", "ZZ", "\u{212A}Y", "K\u{301}Y"] {
            #expect(!Countries.isValidInput(code), "\(code)")
        }
    }

    @Test(arguments: [
        ("CA", "US", "US-CA"), ("US-CA", "US", "US-CA"), ("DC", "US", "US-DC"), ("NY", "US", "US-NY"),
        ("ON", "CA", "CA-ON"), ("CA-QC", "CA", "CA-QC"), ("YT", "CA", "CA-YT"),
        ("Bavaria", "DE", "Bavaria"), ("ca", "FR", "ca"), ("US-CA", "GB", "US-CA"),
    ])
    func normalisesStates(state: String, country: String, expected: String) {
        #expect(Countries.normalizeState(state, country: country) == .success(expected))
    }

    @Test(arguments: [
        ("ca", "US", "Invalid US state"), ("US-ca", "US", "Invalid US state"), ("PR", "US", "Invalid US state"),
        ("GU", "US", "Invalid US state"), ("California", "US", "Invalid US state"), ("CA-ON", "US", "Invalid US state"),
        ("US-\u{212A}Y", "US", "Invalid US state"), ("ZZ", "CA", "Invalid CA subdivision"),
        ("on", "CA", "Invalid CA subdivision"), ("US-CA", "CA", "Invalid CA subdivision"),
    ])
    func rejectsUnknownStates(state: String, country: String, message: String) {
        #expect(Countries.normalizeState(state, country: country) == .failure(StateError(message: message)))
    }

    @Test func acceptsEveryStateWithOrWithoutPrefix() {
        for code in Countries.usStates {
            #expect(Countries.normalizeState(String(code.dropFirst(3)), country: "US") == .success(code))
            #expect(Countries.normalizeState(code, country: "US") == .success(code))
        }
        for code in Countries.caSubdivisions {
            #expect(Countries.normalizeState(String(code.dropFirst(3)), country: "CA") == .success(code))
        }
        #expect(Countries.usStates.count == 51)
        #expect(Countries.caSubdivisions.count == 13)
    }

    @Test func leavesAMissingStateAlone() {
        #expect(Countries.normalizeState(nil, country: "US") == .success(nil))
        #expect(Countries.normalizeState(nil, country: "CA") == .success(nil))
    }
}

import PolarModels

/// The bodies of the portal's add and confirm payment-method operations; every key required.
enum PaymentMethodInput {
    /// `CustomerPaymentMethodCreate`: `return_url` is any string; it is sanitised, never rejected.
    static func add(body: JSONValue?) throws -> CustomerPaymentMethodCreate {
        try read(body, strings: ["confirmation_token_id", "return_url"]) { strings, setDefault in
            CustomerPaymentMethodCreate(
                confirmationTokenID: strings["confirmation_token_id"]!, setDefault: setDefault, returnURL: strings["return_url"]!)
        }
    }

    /// `CustomerPaymentMethodConfirm`.
    static func confirm(body: JSONValue?) throws -> CustomerPaymentMethodConfirm {
        try read(body, strings: ["setup_intent_id"]) { strings, setDefault in
            CustomerPaymentMethodConfirm(setupIntentID: strings["setup_intent_id"]!, setDefault: setDefault)
        }
    }

    /// Reads the string fields, then `set_default`, in Polar's field order for add
    /// (`confirmation_token_id`, `set_default`, `return_url`) and confirm.
    private static func read<T>(
        _ body: JSONValue?, strings: [String], make: ([String: String], Bool) -> T
    ) throws -> T {
        let body = try InputReader.object(body)
        var reader = InputReader()
        var values: [String: String] = [:]
        var setDefault: Bool?
        func readString(_ key: String) {
            guard let value = body[key] else {
                reader.fail(["body", .key(key)], "missing", "Field required", input: body)
                return
            }
            values[key] = reader.string(value, at: ["body", .key(key)])
        }
        readString(strings[0])
        if let value = body["set_default"] {
            setDefault = reader.bool(value, at: ["body", "set_default"])
        } else {
            reader.fail(["body", "set_default"], "missing", "Field required", input: body)
        }
        strings.dropFirst().forEach(readString)
        try reader.check()
        return make(values, setDefault!)
    }
}

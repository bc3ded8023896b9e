import PolarModels

/// The single required field of the email-update bodies: `email` on request (validated as an
/// address) and `token` on verify.
enum EmailUpdateInput {
    static func email(body: JSONValue?) throws -> String {
        try field("email", in: body) { reader, value in reader.email(value, at: ["body", "email"]) }
    }

    static func token(body: JSONValue?) throws -> String {
        try field("token", in: body) { reader, value in reader.string(value, at: ["body", "token"]) }
    }

    private static func field(
        _ name: String, in body: JSONValue?, read: (inout InputReader, JSONValue) -> String?
    ) throws -> String {
        var reader = InputReader()
        guard let body else {
            reader.fail(["body"], "missing", "Field required", input: .null)
            try reader.stop()
        }
        var result: String?
        if reader.requireObject(body, at: ["body"]) {
            if let value = body[name] {
                result = read(&reader, value)
            } else {
                reader.fail(["body", .key(name)], "missing", "Field required", input: body)
            }
        }
        try reader.check()
        return result!
    }
}

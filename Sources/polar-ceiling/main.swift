import Foundation
import Hummingbird
import NIOCore

// The ceiling `scripts/bench.sh` measures the server against: Hummingbird answering fixed
// bytes (a customer's JSON at `/customer`, a customer state's at `/state`) with no database,
// authentication or encoding, so a ratio to it shows what the server's own work costs.
//
//     polar-ceiling PORT CUSTOMER.json STATE.json

let arguments = CommandLine.arguments
guard arguments.count == 4, let port = Int(arguments[1]) else {
    FileHandle.standardError.write(Data("usage: polar-ceiling PORT CUSTOMER.json STATE.json\n".utf8))
    exit(64)
}
let customer = ByteBuffer(bytes: try Data(contentsOf: URL(fileURLWithPath: arguments[2])))
let state = ByteBuffer(bytes: try Data(contentsOf: URL(fileURLWithPath: arguments[3])))

let router = Router()
router.get("/customer") { _, _ in Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: customer)) }
router.get("/state") { _, _ in Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: state)) }
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()

import PolarModels

/// A meter's quantities over time (`GET /v1/meters/{id}/quantities`) as the bars of a small SVG
/// chart, laid out here so the page needs no script.
struct UsageChart {
    let quantities: JSONValue

    static let width = 300.0
    static let height = 80.0

    /// The template's values: one bar per period, scaled to the largest, with its date and amount.
    var svgValues: [String: Any] {
        let points = PortalView.elements(quantities["quantities"]).map { point in
            (day: String((point["timestamp"]?.stringValue ?? "").prefix(10)), quantity: Self.double(point["quantity"]))
        }
        let largest = points.map(\.quantity).max() ?? 0
        let slot = points.isEmpty ? Self.width : Self.width / Double(points.count)
        let bars = points.enumerated().map { index, point -> [String: Any] in
            let height = largest > 0 ? max(point.quantity / largest * (Self.height - 2), point.quantity > 0 ? 1 : 0) : 0
            return [
                "x": Self.rounded(Double(index) * slot + slot * 0.1), "width": Self.rounded(slot * 0.8),
                "y": Self.rounded(Self.height - height), "height": Self.rounded(height),
                "label": "\(point.day): \(Display.number(.number(point.quantity)))",
            ]
        }
        return [
            "bars": bars, "total": Display.number(quantities["total"]), "largest": Display.number(.number(largest)),
            "from": points.first?.day ?? "", "to": points.last?.day ?? "", "width": Int(Self.width), "height": Int(Self.height),
        ]
    }

    private static func double(_ value: JSONValue?) -> Double {
        switch value {
        case .integer(let n)?: Double(n)
        case .number(let n)?: n
        default: 0
        }
    }

    private static func rounded(_ value: Double) -> String { String(format: "%.1f", value) }
}

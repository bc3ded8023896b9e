/// The request and response types (`CustomerCreate`, `Customer`, `TestClock`, …) come with the
/// client: `import Polar` is all an app writes.
@_exported import PolarModels

import Testing
import VigilCore
@testable import VigilMetrics

@Suite struct MetricsRegistryTests {
    @Test func rendersBuildInfo() {
        let registry = MetricsRegistry(version: "1.0", startedAt: .init(timeIntervalSince1970: 0))
        let text = String(decoding: registry.render(), as: UTF8.self)
        #expect(text.contains("vigil_build_info{version=\"1.0\"} 1"))
    }
}

import Foundation
import StrataTracking
import Testing
@testable import StrataServer

@Suite struct MLflowNamingTests {
    static func experiment(_ name: String, tags: [String: String] = [:]) -> Experiment {
        Experiment(name: name, tags: tags, createdAt: Date(), updatedAt: Date())
    }

    @Test func validStrataNamesMapToThemselves() {
        for name in ["segments", "Default", "churn-2024", "0"] {
            #expect(MLflowNaming.strataName(forExperiment: name) == name)
            #expect(MLflowNaming.mlflowName(of: Self.experiment(name)) == name)
        }
    }

    @Test func otherNamesAreHexEncodedAndDecodeBack() throws {
        for name in ["churn segments/2024", "a--b", "é", "-x", "my_exp"] {
            let strata = MLflowNaming.strataName(forExperiment: name)
            #expect(strata.hasPrefix("n--"))
            try TrackingLimits.validateName(strata, kind: .experiment)
            #expect(MLflowNaming.mlflowName(of: Self.experiment(strata)) == name)
        }
    }

    @Test func longNamesAreHashedAndReadFromTheTag() throws {
        let name = String(repeating: "long name ", count: 10)
        let strata = MLflowNaming.strataName(forExperiment: name)
        #expect(strata.hasPrefix("h--") && strata.count == 67)
        try TrackingLimits.validateName(strata, kind: .experiment)
        #expect(MLflowNaming.strataName(forExperiment: name) == strata)
        #expect(MLflowNaming.mlflowName(of: Self.experiment(strata, tags: [MLflowNaming.nameTag: name])) == name)
    }

    @Test func defaultExperimentIDIsZero() {
        #expect(MLflowNaming.experimentID(strataName: "Default") == "0")
        #expect(MLflowNaming.strataName(forExperimentID: "0") == "Default")
        #expect(MLflowNaming.strataName(forExperimentID: "segments") == "segments")
    }
}

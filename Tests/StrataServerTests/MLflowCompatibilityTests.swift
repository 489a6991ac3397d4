import Foundation
import StrataTracking
import Testing
import StrataServer

@Suite struct MLflowCompatibilityTests {
    static func experiment(_ name: String, tags: [String: String] = [:]) -> Experiment {
        Experiment(name: name, tags: tags, createdAt: Date(), updatedAt: Date())
    }

    @Test func validStrataNamesMapToThemselves() {
        for name in ["segments", "Default", "churn-2024", "0"] {
            #expect(MLflowCompatibility.strataExperimentName(forMLflowName: name) == name)
            #expect(MLflowCompatibility.mlflowName(of: Self.experiment(name)) == name)
        }
    }

    @Test func otherNamesAreHexEncodedAndDecodeBack() throws {
        for name in ["churn segments/2024", "a--b", "é", "-x", "my_exp"] {
            let strata = MLflowCompatibility.strataExperimentName(forMLflowName: name)
            #expect(strata.hasPrefix("n--"))
            try TrackingLimits.validateName(strata, kind: .experiment)
            #expect(MLflowCompatibility.mlflowName(of: Self.experiment(strata)) == name)
        }
    }

    @Test func longNamesAreHashedAndReadFromTheTag() throws {
        let name = String(repeating: "long name ", count: 10)
        let strata = MLflowCompatibility.strataExperimentName(forMLflowName: name)
        #expect(strata.hasPrefix("h--") && strata.count == 67)
        try TrackingLimits.validateName(strata, kind: .experiment)
        #expect(MLflowCompatibility.strataExperimentName(forMLflowName: name) == strata)
        #expect(MLflowCompatibility.mlflowName(of: Self.experiment(strata, tags: ["strata.mlflow.name": name])) == name)
    }

    @Test func defaultExperimentIDIsZero() {
        #expect(MLflowCompatibility.experimentID(strataName: "Default") == "0")
        #expect(MLflowCompatibility.experimentID(strataName: "segments") == "segments")
    }
}

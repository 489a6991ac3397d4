import Testing
import StrataAuth

@Suite struct CallerTests {
    @Test func viewerReadsOnlyGrantedExperiments() {
        let viewer = Caller(name: "client", role: .viewer, experiments: ["segments"])
        #expect(viewer.canRead(experiment: "segments"))
        #expect(!viewer.canRead(experiment: "other"))
        #expect(!viewer.canWrite)
        let editor = Caller(name: "ana", role: .editor, experiments: nil)
        #expect(editor.canRead(experiment: "other") && editor.canWrite && !editor.isAdmin)
    }
}

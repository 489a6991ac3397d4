import Testing
import StrataServer

@Suite struct RouteRuleTests {
    @Test func rulesOrderRoles() {
        #expect(RouteRule.write.admits(.editor) && !RouteRule.write.admits(.viewer))
        #expect(RouteRule.admin.admits(.admin) && !RouteRule.admin.admits(.editor))
        #expect(RouteRule.read.admits(.viewer))
    }
}

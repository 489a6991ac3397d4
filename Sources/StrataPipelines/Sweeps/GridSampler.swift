/// Visits every point of a discrete search space once, in a fixed order.
///
/// Choices, ints (with their step) and floats with a `step` span the grid; a float range without a
/// step is an error naming the parameter. A conditional parameter is expanded only under its
/// condition, so a grid over `method: [kmeans, dbscan]` with `n_clusters` (kmeans only, 3 values)
/// and `min_samples` (dbscan only, 4 values) has 3 + 4 = 7 points, not 24. The first parameter
/// varies slowest.
///
/// Trial `n` gets the grid's `n`-th point unless `history` shows that point was already asked (in
/// any state: a resumed or parallel sweep never repeats a point); then it gets the first point no
/// trial has asked. `suggest` returns nil once every point was asked.
///
/// ```swift
/// let grid = GridSampler()
/// let total = try grid.count(space)                       // tell the user: N trials
/// let point = try grid.suggest(number: 0, space: space, history: [])
/// ```
///
/// Complexity: `count` visits only the parameters that others' conditions depend on (the rest
/// multiply); `suggest` finds point `n` by descending the expansion with those counts, and scans
/// at most one point more than the history holds; memory O(history). ``points(_:)`` materialises
/// the grid and refuses more than ``maximumPoints``.
public struct GridSampler: Sampler {
    /// The largest grid ``points(_:)`` materialises.
    public static let maximumPoints = 1_000_000

    public init() {}

    /// Number of points in the grid over `space` (what `--trials` defaults to for a grid sweep).
    public func count(_ space: SearchSpace) throws(SweepSpaceError) -> Int {
        let axes = try Self.axes(space)
        return Self.count(space, axes: axes, from: 0, assignment: [:])
    }

    /// A grid is exhausted after its points: ``count(_:)``.
    public func pointLimit(_ space: SearchSpace) throws -> Int? { try count(space) }

    /// Every point of the grid, in the order trials receive them.
    public func points(_ space: SearchSpace) throws(SweepSpaceError) -> [ParameterAssignment] {
        let axes = try Self.axes(space)
        let total = Self.count(space, axes: axes, from: 0, assignment: [:])
        if total > Self.maximumPoints {
            throw SweepSpaceError(parameter: "", reason: "the grid has \(total) points, more than \(Self.maximumPoints); use coarser steps or the random or tpe sampler")
        }
        var out: [ParameterAssignment] = []
        out.reserveCapacity(total)
        var assignment: ParameterAssignment = [:]
        Self.expand(space, axes: axes, from: 0, assignment: &assignment, into: &out)
        return out
    }

    public func suggest(number: Int, space: SearchSpace, history: [SweepObservation]) throws -> ParameterAssignment? {
        let axes = try Self.axes(space)
        let total = Self.count(space, axes: axes, from: 0, assignment: [:])
        let asked = Set(history.map { SweepPointKey($0.assignment, in: space) })
        if number >= 0, number < total {
            let point = Self.point(at: number, space, axes: axes)
            if !asked.contains(SweepPointKey(point, in: space)) { return point }
        }
        // Only points already asked are skipped, so this scans at most asked.count + 1 points.
        var index = 0
        while index < total {
            let point = Self.point(at: index, space, axes: axes)
            if !asked.contains(SweepPointKey(point, in: space)) { return point }
            index += 1
        }
        return nil
    }

    /// Point `index` of the grid's order, found by descending the expansion tree with subtree
    /// sizes instead of enumerating the points before it.
    private static func point(at index: Int, _ space: SearchSpace, axes: [[SweepValue]]) -> ParameterAssignment {
        var assignment: ParameterAssignment = [:]
        var remaining = index
        for (i, parameter) in space.parameters.enumerated() where parameter.isActive(in: assignment) {
            if !steersOthers(i, space) {
                let size = count(space, axes: axes, from: i + 1, assignment: assignment)
                assignment[parameter.name] = axes[i][min(remaining / size, axes[i].count - 1)]
                remaining %= size
                continue
            }
            for value in axes[i] {
                var next = assignment
                next[parameter.name] = value
                let size = count(space, axes: axes, from: i + 1, assignment: next)
                if remaining < size { assignment = next; break }
                remaining -= size
            }
        }
        return assignment
    }

    private static func axes(_ space: SearchSpace) throws(SweepSpaceError) -> [[SweepValue]] {
        try space.validate()
        var axes: [[SweepValue]] = []
        for parameter in space.parameters { axes.append(try parameter.domain.gridValues(name: parameter.name)) }
        return axes
    }

    private static func count(_ space: SearchSpace, axes: [[SweepValue]], from index: Int, assignment: ParameterAssignment) -> Int {
        guard index < axes.count else { return 1 }
        let parameter = space.parameters[index]
        guard parameter.isActive(in: assignment) else { return count(space, axes: axes, from: index + 1, assignment: assignment) }
        if !steersOthers(index, space) {
            // No later parameter looks at this one: every value leads to the same subtree size.
            return saturatingProduct(axes[index].count, count(space, axes: axes, from: index + 1, assignment: assignment))
        }
        var total = 0
        for value in axes[index] {
            var next = assignment
            next[parameter.name] = value
            total = min(total + count(space, axes: axes, from: index + 1, assignment: next), Int.max / 2)
        }
        return total
    }

    /// Whether a later parameter's condition reads parameter `index`.
    private static func steersOthers(_ index: Int, _ space: SearchSpace) -> Bool {
        let name = space.parameters[index].name
        return space.parameters[(index + 1)...].contains { $0.condition[name] != nil }
    }

    private static func saturatingProduct(_ a: Int, _ b: Int) -> Int {
        let (p, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? Int.max / 2 : min(p, Int.max / 2)
    }

    private static func expand(_ space: SearchSpace, axes: [[SweepValue]], from index: Int,
                               assignment: inout ParameterAssignment, into out: inout [ParameterAssignment]) {
        guard index < axes.count else { out.append(assignment); return }
        let parameter = space.parameters[index]
        guard parameter.isActive(in: assignment) else {
            expand(space, axes: axes, from: index + 1, assignment: &assignment, into: &out)
            return
        }
        for value in axes[index] {
            assignment[parameter.name] = value
            expand(space, axes: axes, from: index + 1, assignment: &assignment, into: &out)
        }
        assignment[parameter.name] = nil
    }
}

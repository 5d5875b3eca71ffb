/// The horizontal area a tracker accepts positions in: a room's footprint (the tracking literature's
/// surveillance region), by its corners alone.
///
/// A ``Room`` carries its materials and blockers as arrays; the tracker needs only the box, and holding the box
/// keeps ``ExtendedKalmanFilter`` free of references (copying a filter, as every reset and every planner's
/// look-ahead does, then retains nothing).
public struct SurveillanceRegion: Sendable, Equatable {
    /// Lower corner (x, y), metres.
    public var lower: SIMD2<Double>
    /// Upper corner (x, y), metres.
    public var upper: SIMD2<Double>

    /// The region between two corners (x, y), metres.
    public init(lower: SIMD2<Double>, upper: SIMD2<Double>) {
        self.lower = lower
        self.upper = upper
    }

    /// The footprint of `room`.
    public init(room: Room) {
        self.init(lower: SIMD2(room.minCorner.x, room.minCorner.y), upper: SIMD2(room.maxCorner.x, room.maxCorner.y))
    }

    /// Whether (x, y) lies in the region widened by `margin` metres on every side.
    @inlinable
    public func contains(x: Double, y: Double, margin: Double = 0) -> Bool {
        x >= lower.x - margin && x <= upper.x + margin && y >= lower.y - margin && y <= upper.y + margin
    }
}

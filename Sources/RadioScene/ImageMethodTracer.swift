import ComplexModule
import RealModule

/// Specular multipath in a shoebox room by the image method (Allen & Berkley, JASA 1979).
///
/// Each bounce multiplies the path by its surface's complex co-polar reflection coefficient at the angle of
/// incidence (``SurfaceReflection``, ITU-R P.2040 materials), so grazing bounces are strong and phase-inverted.
///
/// The user is mirrored across the room's planes; each image gives one path whose length is the distance
/// from the access point to the image and whose departure direction points at it. In a shoebox room every
/// image of order ≤ 2 is visible, so no visibility test is needed; blockers remove the paths whose segments
/// they cut (line of sight and first order; second order with blockers is rejected by scenario validation).
///
/// ```swift
/// let tracer = ImageMethodTracer(room: room, maxOrder: 1)
/// var paths: [PropagationPath] = []
/// tracer.trace(from: ap, to: user, into: &paths)   // LoS + 6 first-order paths
/// ```
public struct ImageMethodTracer: Sendable {
    /// The room whose planes reflect.
    public let room: Room
    /// Highest reflection order traced (1 or 2).
    public let maxOrder: Int
    /// The carrier the reflection coefficients are evaluated at, hertz.
    public let carrierHertz: Double
    /// The antennas' polarisation.
    public let polarization: Polarization
    /// The six surfaces' reflection tables, in ``Surface`` order.
    public let surfaces: [SurfaceReflection]
    /// The six tables one after the other (2 × ``SurfaceReflection/gridCount`` entries each).
    @usableFromInline let tables: [Complex<Double>]
    /// Bit s set: surface s is a fixed-loss (scalar) material.
    @usableFromInline let scalarSurfaces: Int

    /// Creates a tracer for `room` up to reflection order `maxOrder` (1 or 2) at `carrierHertz`.
    public init(room: Room, maxOrder: Int = 1, carrierHertz: Double = 60e9, polarization: Polarization = .vertical) {
        precondition((0...2).contains(maxOrder), "image-method order must be 0, 1 or 2")
        self.room = room
        self.maxOrder = maxOrder
        self.carrierHertz = carrierHertz
        self.polarization = polarization
        let built = Surface.allCases.map {
            SurfaceReflection(material: room.materials[$0.rawValue], axis: $0.rawValue / 2, carrierHertz: carrierHertz)
        }
        surfaces = built
        tables = built.flatMap(\.table)
        scalarSurfaces = built.indices.reduce(0) { $0 | (built[$1].isScalar ? 1 << $1 : 0) }
    }

    /// The most paths a trace can produce at order `maxOrder`.
    @inlinable public var maxPathCount: Int { maxOrder == 0 ? 1 : (maxOrder == 1 ? 7 : 25) }

    /// Traces every path from `transmitter` to `receiver`, replacing the contents of `paths`.
    ///
    /// Reuses `paths`' storage: reserve ``maxPathCount`` once and no step allocates.
    @inlinable
    public func trace(from transmitter: Vector3, to receiver: Vector3, into paths: inout [PropagationPath]) {
        paths.removeAll(keepingCapacity: true)
        traceAppending(from: transmitter, to: receiver, into: &paths)
    }

    /// Traces every path from `transmitter` to `receiver` into `buffer` (room for at least ``maxPathCount``
    /// paths); returns how many it wrote. Allocates nothing and keeps no array bookkeeping per path.
    @inlinable
    public func trace(
        from transmitter: Vector3, to receiver: Vector3, into buffer: UnsafeMutableBufferPointer<PropagationPath>
    ) -> Int {
        precondition(buffer.count >= maxPathCount, "the buffer has no room for every path")
        var writer = PathWriter(base: buffer.baseAddress!)
        traceAppending(from: transmitter, to: receiver, into: &writer)
        return writer.count
    }

    /// ``trace(from:to:into:)`` into `buffer` by a tracer held in place, e.g. an element of an env's array of tracers.
    ///
    /// Mutating only so that the tracer is passed by address: the non-mutating call through an array's element or a
    /// buffer pointer copies the tracer, retaining its four arrays and releasing them after every trace.
    @inlinable
    public mutating func traceInPlace(
        from transmitter: Vector3, to receiver: Vector3, into buffer: UnsafeMutableBufferPointer<PropagationPath>
    ) -> Int {
        trace(from: transmitter, to: receiver, into: buffer)
    }

    /// Appends every path from `transmitter` to `receiver` to `paths`, line of sight first.
    @inlinable
    func traceAppending(from transmitter: Vector3, to receiver: Vector3, into paths: inout some PathSink) {
        let lo = room.minCorner, hi = room.maxCorner
        // Line of sight.
        appendPath(transmitter, image: receiver, receiver: receiver, flips: (false, false, false),
                   bounces: (-1, -1), order: 0, surface: nil, firstOrderPlane: nil, into: &paths)
        guard maxOrder >= 1 else { return }
        // First order: mirror the receiver across each plane (two walls of one axis at a time in vector lanes
        // where the room has no blockers, appendFirstOrderPair; the scalar way where it declines).
        let r = receiver
        let lanes = room.blockers.isEmpty
        // The four walls in one pass where no lane declines (the same bits as the x and y pairs below).
        let walls = lanes && appendFirstOrderWalls(from: transmitter, to: r, into: &paths)
        if !walls && !(lanes && appendFirstOrderPair(ImageAxisX.self, from: transmitter, to: r, into: &paths)) {
            appendPath(transmitter, image: Vector3(2 * lo.x - r.x, r.y, r.z), receiver: r, flips: (true, false, false),
                       bounces: (0, -1), order: 1, surface: .wallXMin, firstOrderPlane: (0, lo.x), into: &paths)
            appendPath(transmitter, image: Vector3(2 * hi.x - r.x, r.y, r.z), receiver: r, flips: (true, false, false),
                       bounces: (1, -1), order: 1, surface: .wallXMax, firstOrderPlane: (0, hi.x), into: &paths)
        }
        if !walls && !(lanes && appendFirstOrderPair(ImageAxisY.self, from: transmitter, to: r, into: &paths)) {
            appendPath(transmitter, image: Vector3(r.x, 2 * lo.y - r.y, r.z), receiver: r, flips: (false, true, false),
                       bounces: (2, -1), order: 1, surface: .wallYMin, firstOrderPlane: (1, lo.y), into: &paths)
            appendPath(transmitter, image: Vector3(r.x, 2 * hi.y - r.y, r.z), receiver: r, flips: (false, true, false),
                       bounces: (3, -1), order: 1, surface: .wallYMax, firstOrderPlane: (1, hi.y), into: &paths)
        }
        if !(lanes && appendFirstOrderPair(ImageAxisZ.self, from: transmitter, to: r, into: &paths)) {
            appendPath(transmitter, image: Vector3(r.x, r.y, 2 * lo.z - r.z), receiver: r, flips: (false, false, true),
                       bounces: (4, -1), order: 1, surface: .floor, firstOrderPlane: (2, lo.z), into: &paths)
            appendPath(transmitter, image: Vector3(r.x, r.y, 2 * hi.z - r.z), receiver: r, flips: (false, false, true),
                       bounces: (5, -1), order: 1, surface: .ceiling, firstOrderPlane: (2, hi.z), into: &paths)
        }
        guard maxOrder >= 2 else { return }
        traceSecondOrder(from: transmitter, to: receiver, into: &paths)
    }

    /// The point where the first-order path off the plane `axis = value` meets it (the mirror construction).
    @inlinable
    public static func reflectionPoint(
        transmitter: Vector3, image: Vector3, axis: Int, planeValue: Double
    ) -> Vector3 {
        let a: Double, b: Double
        switch axis {
        case 0: (a, b) = (transmitter.x, image.x)
        case 1: (a, b) = (transmitter.y, image.y)
        default: (a, b) = (transmitter.z, image.z)
        }
        let t = (planeValue - a) / (b - a)
        return transmitter + (image - transmitter) * t
    }

    /// `d` with its component along `axis` negated (a ray after a bounce off that axis's plane).
    @inlinable
    static func mirrored(_ d: Vector3, axis: Int) -> Vector3 {
        switch axis {
        case 0: return Vector3(-d.x, d.y, d.z)
        case 1: return Vector3(d.x, -d.y, d.z)
        default: return Vector3(d.x, d.y, -d.z)
        }
    }

    @inlinable
    func appendPath(
        _ transmitter: Vector3, image: Vector3, receiver: Vector3, flips: (Bool, Bool, Bool), bounces: (Int, Int),
        order: Int, surface: Surface?, firstOrderPlane: (axis: Int, value: Double)?,
        into paths: inout some PathSink
    ) {
        let v = image - transmitter
        let length = v.length
        guard length > 1e-9 else { return }
        if !room.blockers.isEmpty {
            if let plane = firstOrderPlane {
                let p = Self.reflectionPoint(
                    transmitter: transmitter, image: image, axis: plane.axis, planeValue: plane.value)
                if room.isBlocked(from: transmitter, to: p) || room.isBlocked(from: p, to: receiver) { return }
            } else if order == 0, room.isBlocked(from: transmitter, to: receiver) {
                return
            }
        }
        let departure = v / length
        // In a shoebox every bounce off the plane of axis a meets it at cos θ = |d_a| (mirroring keeps |d_a|).
        var gamma = Complex<Double>(1, 0)
        if bounces.0 >= 0 {
            let stride = 2 * SurfaceReflection.gridCount
            let scalar = scalarSurfaces, pol = polarization
            gamma = tables.withUnsafeBufferPointer { table in
                let a0 = bounces.0 / 2
                let afterFirst = Self.mirrored(departure, axis: a0)
                var g = SurfaceReflection.coefficient(
                    table: table, base: bounces.0 * stride, axis: a0, isScalar: scalar & (1 << bounces.0) != 0,
                    incoming: departure, outgoing: afterFirst, polarization: pol)
                if bounces.1 >= 0 {
                    let a1 = bounces.1 / 2
                    g = g * SurfaceReflection.coefficient(
                        table: table, base: bounces.1 * stride, axis: a1, isScalar: scalar & (1 << bounces.1) != 0,
                        incoming: afterFirst, outgoing: Self.mirrored(afterFirst, axis: a1), polarization: pol)
                }
                return g
            }
        }
        // The wave arrives along the departure direction, mirrored back through each flipped axis.
        let arrival = Vector3(
            flips.0 ? departure.x : -departure.x, flips.1 ? departure.y : -departure.y,
            flips.2 ? departure.z : -departure.z)
        let magnitude = gamma.length
        paths.append(
            PropagationPath(
                lengthMetres: length, departureDirection: departure, arrivalDirection: arrival,
                reflectionAmplitude: magnitude, reflectionCount: order, lastSurface: surface,
                phaseCosine: magnitude > 0 ? gamma.real / magnitude : 1,
                phaseSine: magnitude > 0 ? gamma.imaginary / magnitude : 0))
    }

    /// Second-order images: two reflections, on one axis (both walls) or on two different axes.
    @inlinable
    func traceSecondOrder(from transmitter: Vector3, to r: Vector3, into paths: inout some PathSink) {
        let lo = room.minCorner, hi = room.maxCorner
        let rc = [r.x, r.y, r.z], loc = [lo.x, lo.y, lo.z], hic = [hi.x, hi.y, hi.z]
        // Per axis: the first-order images (one wall) and second-order images (both walls).
        func firstOrder(_ axis: Int) -> [(value: Double, surface: Int)] {
            [(2 * loc[axis] - rc[axis], 2 * axis), (2 * hic[axis] - rc[axis], 2 * axis + 1)]
        }
        func image(_ coords: [Double]) -> Vector3 { Vector3(coords[0], coords[1], coords[2]) }
        for axis in 0..<3 {
            let span = 2 * (hic[axis] - loc[axis])
            for (value, surface) in [(rc[axis] + span, 2 * axis), (rc[axis] - span, 2 * axis + 1)] {
                var c = rc
                c[axis] = value
                appendPath(transmitter, image: image(c), receiver: r, flips: (false, false, false),
                           bounces: (2 * axis, 2 * axis + 1), order: 2,
                           surface: Surface(rawValue: surface), firstOrderPlane: nil, into: &paths)
            }
        }
        for a in 0..<3 {
            for b in (a + 1)..<3 {
                for ia in firstOrder(a) {
                    for ib in firstOrder(b) {
                        var c = rc
                        c[a] = ia.value
                        c[b] = ib.value
                        appendPath(transmitter, image: image(c), receiver: r,
                                   flips: (a == 0 || b == 0, a == 1 || b == 1, a == 2 || b == 2),
                                   bounces: (ia.surface, ib.surface), order: 2,
                                   surface: Surface(rawValue: ia.surface), firstOrderPlane: nil, into: &paths)
                    }
                }
            }
        }
    }
}

import Foundation
import GymCore

/// How the user moves between probe slots (horizontal plane, fixed height).
public enum MobilityModel: Sendable, Equatable {
    /// The user stands still.
    case stationary
    /// Straight line at a constant speed, reflecting off the room's walls (a margin inside).
    case constantVelocity(speedMetresPerSecond: Double)
    /// Random waypoint: walk at `speed` to a uniformly drawn point, pick the next (Johnson & Maltz, 1996).
    case randomWaypoint(speedMetresPerSecond: Double)
}

/// The user's true kinematic state and its motion model.
public struct UserMobility: Sendable, Equatable {
    /// The motion model.
    public var model: MobilityModel
    /// True horizontal position, metres.
    public var position: SIMD2<Double>
    /// True horizontal velocity, metres per second.
    public var velocity: SIMD2<Double>
    /// Current waypoint (random-waypoint model).
    public var waypoint: SIMD2<Double>
    /// The area the user moves in: [lo, hi] per axis, metres.
    public var lowerBound: SIMD2<Double>
    /// Upper corner of the area.
    public var upperBound: SIMD2<Double>

    /// Places a user uniformly in the area with a random heading.
    public init(
        model: MobilityModel, lowerBound: SIMD2<Double>, upperBound: SIMD2<Double>,
        using generator: inout some RandomNumberGenerator
    ) {
        self.model = model
        self.lowerBound = lowerBound
        self.upperBound = upperBound
        position = Self.uniformPoint(lowerBound, upperBound, &generator)
        waypoint = Self.uniformPoint(lowerBound, upperBound, &generator)
        let heading = 2 * Double.pi * generator.nextUnitDouble()
        switch model {
        case .stationary:
            velocity = .zero
        case .constantVelocity(let speed):
            velocity = SIMD2(cos(heading), sin(heading)) * speed
        case .randomWaypoint(let speed):
            let d = waypoint - position
            let n = (d * d).sum().squareRoot()
            velocity = n > 0 ? d / n * speed : .zero
        }
    }

    /// Speed of the model, metres per second (0 for a stationary user).
    public var speed: Double {
        switch model {
        case .stationary: return 0
        case .constantVelocity(let s), .randomWaypoint(let s): return s
        }
    }

    /// Advances the user by `dt` seconds.
    @inlinable
    public mutating func advance(dt: Double, using generator: inout some RandomNumberGenerator) {
        switch model {
        case .stationary:
            return
        case .constantVelocity:
            position += velocity * dt
            for axis in 0..<2 {
                if position[axis] < lowerBound[axis] {
                    position[axis] = 2 * lowerBound[axis] - position[axis]
                    velocity[axis] = -velocity[axis]
                } else if position[axis] > upperBound[axis] {
                    position[axis] = 2 * upperBound[axis] - position[axis]
                    velocity[axis] = -velocity[axis]
                }
            }
        case .randomWaypoint(let speed):
            let d = waypoint - position
            let distance = (d * d).sum().squareRoot()
            if distance <= speed * dt {
                position = waypoint
                waypoint = Self.uniformPoint(lowerBound, upperBound, &generator)
                let e = waypoint - position
                let n = (e * e).sum().squareRoot()
                velocity = n > 0 ? e / n * speed : .zero
            } else {
                position += velocity * dt
            }
        }
    }

    @usableFromInline
    static func uniformPoint(
        _ lo: SIMD2<Double>, _ hi: SIMD2<Double>, _ generator: inout some RandomNumberGenerator
    ) -> SIMD2<Double> {
        SIMD2(
            lo[0] + (hi[0] - lo[0]) * generator.nextUnitDouble(),
            lo[1] + (hi[1] - lo[1]) * generator.nextUnitDouble())
    }
}

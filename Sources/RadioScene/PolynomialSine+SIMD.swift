/// ``polynomialSine(_:)`` of every lane of `x`: the same operations in the same order, lane by lane, so each
/// lane holds exactly the bits the scalar function returns for it (no fused multiply–add: Swift contracts none).
///
/// The Horner chain is latency-bound; eight sines in the lanes of one vector evaluate in about the time of two.
/// Concrete, not generic over `SIMD`: the generic operators run lane by lane, the concrete ones in vector
/// instructions (the branches become blends).
@inlinable
public func polynomialSine(_ x: SIMD8<Double>) -> SIMD8<Double> {
    typealias V = SIMD8<Double>
    let twoPiHigh = V(repeating: 6.283_185_307_179_586_2)
    let twoPiLow = V(repeating: 2.449_293_598_294_706_4e-16)
    let magic = V(repeating: 6_755_399_441_055_744.0)
    let k = (x * V(repeating: 0.159_154_943_091_895_35) + magic) - magic
    var r = (x - k * twoPiHigh) - k * twoPiLow
    // The scalar branches as lane selects; both masks come from the reduced r, as the scalar if / else if.
    let halfPi = V(repeating: 1.570_796_326_794_896_6)
    let above = r .> halfPi, below = r .< -halfPi
    let foldedAbove = V(repeating: 2 * 1.570_796_326_794_896_6) - r
    let foldedBelow = V(repeating: -2 * 1.570_796_326_794_896_6) - r
    r.replace(with: foldedAbove, where: above)
    r.replace(with: foldedBelow, where: below)
    let r2 = r * r
    var p = V(repeating: -7.647_163_731_819_816e-13)
    p = p * r2 + V(repeating: 1.605_904_383_682_161_3e-10)
    p = p * r2 - V(repeating: 2.505_210_838_544_172e-8)
    p = p * r2 + V(repeating: 2.755_731_922_398_589e-6)
    p = p * r2 - V(repeating: 1.984_126_984_126_984e-4)
    p = p * r2 + V(repeating: 8.333_333_333_333_333e-3)
    p = p * r2 - V(repeating: 0.166_666_666_666_666_66)
    return r + r * r2 * p
}

import CSineCosine

/// sin x and cos x of one phase together: glibc's `sincos`, which reduces the argument once for both and returns
/// exactly the bits of `sin(x)` and `cos(x)` (the three share their code); elsewhere the two calls.
///
/// The coherent sum of ``PathCluster`` takes both of every path's phase k·d, thousands of radians at millimetre
/// wavelengths, where the reduction is most of the cost.
@inlinable @inline(__always)
public func sineCosine(_ x: Double) -> (sine: Double, cosine: Double) {
    var s = 0.0, c = 0.0
    sg_sincos(x, &s, &c)
    return (s, c)
}

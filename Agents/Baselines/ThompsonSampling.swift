// Baselines: Thompson sampling for Bernoulli bandits — the yardstick of the RL² bandit benchmark.
import Environments
import GymCore

/// Thompson sampling with Beta(1, 1) priors (Thompson, 1933; Chapelle & Li, 2011): on each pull, draw one mean
/// per arm from its Beta posterior and pull the arm with the largest draw. Near-optimal on Bernoulli bandits
/// (the RL² paper's comparison point for 5 arms and 100 pulls is the Gittins index, 78.3).
public enum ThompsonSampling {
    /// The return of one episode of `env` (reset with `seed`), pulling by Thompson sampling.
    public static func episodeReturn(on env: inout BernoulliBanditEnv, seed: UInt64) -> Double {
        var rng = Xoshiro256StarStar(seed: seed ^ 0x7405_0000_0000_0001)
        var successes = [Double](repeating: 1, count: env.means.count)
        var failures = successes
        var observation: [Float] = [0]
        observation.withUnsafeMutableBufferPointer { _ = env.reset(seed: seed, options: .none, into: $0) }
        var total = 0.0
        for _ in 0 ..< env.pulls {
            var best = 0
            var bestDraw = -1.0
            for arm in 0 ..< env.means.count {
                let draw = beta(successes[arm], failures[arm], using: &rng)
                if draw > bestDraw { (best, bestDraw) = (arm, draw) }
            }
            // The arm is in range and the episode has pulls left, so the step cannot throw.
            guard let transition = try? observation.withUnsafeMutableBufferPointer({ buffer throws(EnvError) in
                try env.step(best, into: buffer)
            }) else { break }
            total += transition.reward
            if transition.reward > 0 { successes[best] += 1 } else { failures[best] += 1 }
        }
        return total
    }

    /// A Beta(a, b) draw as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).
    static func beta(_ a: Double, _ b: Double, using rng: inout Xoshiro256StarStar) -> Double {
        let x = gamma(a, using: &rng), y = gamma(b, using: &rng)
        return x / (x + y)
    }

    /// A Gamma(shape, 1) draw for shape ≥ 1 (Marsaglia & Tsang, ACM TOMS 2000).
    static func gamma(_ shape: Double, using rng: inout Xoshiro256StarStar) -> Double {
        let d = shape - 1.0 / 3.0
        let c = 1 / (9 * d).squareRoot()
        while true {
            let z = rng.nextGaussian()
            let v = 1 + c * z
            guard v > 0 else { continue }
            let v3 = v * v * v
            let u = rng.nextUnitDouble()
            if u < 1 - 0.0331 * z * z * z * z || log(u) < 0.5 * z * z + d * (1 - v3 + log(v3)) { return d * v3 }
        }
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

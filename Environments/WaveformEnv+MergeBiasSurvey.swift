import RadioScene

extension WaveformEnv {
    /// The merge bias of each carrier × bandwidth option over a grid of user positions: what the scenario's
    /// `waveform.range_floor_m` is sized from (`sensing-gym error-budget --env Waveform-v1`).
    ///
    /// For every access point and grid point of the user area, the option's receiver is put through the traced
    /// paths without noise (``MeasurementModel/strongestCluster(paths:array:steeredFrequency:)``, steered at the line
    /// of sight); where the cluster is detected, led by the line of sight and ``MultipathMergeGate`` expects a merge,
    /// its range minus the line of sight's is one sample. The floor of an option is the largest covering std over the
    /// access points (the tracker's bias prior must cover the worse link), 0 where no merge is ever expected.
    ///
    /// - Parameter gridMetres: the grid step, metres.
    /// - Returns: per option (index carrier × B + bandwidth), the covering std (``coveringStd(_:)``) of the range bias
    ///   where a merge is expected, metres, and of the sin θ bias there (the worse access point), and the share of
    ///   line-of-sight grid points where a merge is expected.
    public func mergeBiasSurvey(gridMetres: Double) -> [MergeBiasSurveyRow] {
        let area = episode.scenario.userArea
        let height = episode.scenario.user.heightM
        var paths: [PropagationPath] = []
        paths.reserveCapacity(tracers.map(\.maxPathCount).max() ?? 7)
        var result: [MergeBiasSurveyRow] = []
        for carrier in carriersHz.indices {
            for bandwidth in bandwidthsHz.indices {
                let model = measurementModels[carrier * bandwidthsHz.count + bandwidth]
                var worst = 0.0, worstFrequency = 0.0, expected = 0, lineOfSight = 0
                for array in arrays[carrier] {
                    var ranges: [Double] = [], frequencies: [Double] = []
                    var x = area.lower.x
                    while x <= area.upper.x + 1e-9 {
                        var y = area.lower.y
                        while y <= area.upper.y + 1e-9 {
                            let user = Vector3(x, y, height)
                            y += gridMetres
                            let v = user - array.position
                            let length = v.length
                            guard length > 1e-9 else { continue }
                            tracers[carrier].trace(from: array.position, to: user, into: &paths)
                            let cluster = paths.withUnsafeBufferPointer {
                                model.strongestCluster(
                                    paths: $0, array: array, steeredFrequency: array.spatialFrequency(of: v / length))
                            }
                            let snr = model.linkBudget.energySNR(receivedPowerWatts: cluster.powerWatts)
                            guard snr >= model.detectionThreshold, cluster.isLineOfSight else { continue }
                            lineOfSight += 1
                            guard mergeGate.expectsMerge(
                                array: array, user: user, rangeResolutionMetres: model.linkBudget.rangeResolutionMetres)
                            else { continue }
                            expected += 1
                            let bias = cluster.lengthMetres - length
                            let frequencyBias = cluster.frequency - array.spatialFrequency(of: v / length)
                            ranges.append(bias)
                            frequencies.append(frequencyBias)
                        }
                        x += gridMetres
                    }
                    worst = max(worst, Self.coveringStd(ranges))
                    worstFrequency = max(worstFrequency, Self.coveringStd(frequencies))
                }
                result.append(MergeBiasSurveyRow(
                    rangeBiasStdMetres: worst, spatialFrequencyBiasStd: worstFrequency,
                    mergeExpectedShare: lineOfSight > 0 ? Double(expected) / Double(lineOfSight) : 0))
            }
        }
        return result
    }

    /// The grid step the built-in scenarios' `waveform.range_floor_m` / `angle_floor_sin` are surveyed at, metres
    /// (`sensing-gym error-budget --env Waveform-v1`'s default). A covering std rests on the tail of a heavy-tailed
    /// bias, and a coarse regular grid aliases with the room's geometry: at 0.25 m the lab's 60 GHz / 0.4 GHz floor
    /// read 5.8 mm against 9.5 mm at 0.05 m, while its sweep's fixes there met biases of 33–48 mm (docs/PHYSICS.md §3).
    public static let floorSurveyGridMetres = 0.05

    /// The std a zero-mean Gaussian needs to cover `biases` as the tracker's 95 % promise requires: the larger of
    /// their RMS and their 95th percentile of |bias| ÷ 1.96 (a merge bias is heavy-tailed: mostly small, large where a
    /// strong reflection lies just inside c/B, so the RMS alone leaves the 95 % radius short).
    static func coveringStd(_ biases: [Double]) -> Double {
        guard !biases.isEmpty else { return 0 }
        let rms = (biases.reduce(0) { $0 + $1 * $1 } / Double(biases.count)).squareRoot()
        let magnitudes = biases.map(abs).sorted()
        let p95 = magnitudes[min(magnitudes.count - 1, Int((0.95 * Double(magnitudes.count - 1)).rounded()))]
        return max(rms, p95 / 1.959_963_984_540_054)
    }
}

/// One option's row of ``WaveformEnv/mergeBiasSurvey(gridMetres:)``.
public struct MergeBiasSurveyRow: Sendable, Equatable {
    /// Covering std of the range bias where a merge is expected (``WaveformEnv/coveringStd(_:)``), the worse access
    /// point, metres.
    public var rangeBiasStdMetres: Double
    /// Covering std of the sin θ bias there, the worse access point.
    public var spatialFrequencyBiasStd: Double
    /// Share of the line-of-sight grid points where a merge is expected.
    public var mergeExpectedShare: Double
}

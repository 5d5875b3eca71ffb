import Foundation

extension Scenario {
    /// The room with its materials (walls ×4, floor, ceiling) and blockers.
    public var sceneRoom: Room {
        Room(
            minCorner: room.min, maxCorner: room.max,
            materials: [room.walls, room.walls, room.walls, room.walls, room.floor, room.ceiling],
            blockers: room.blockers ?? [])
    }

    /// The link budget of one probe at the scenario's carrier and bandwidth.
    public var linkBudget: LinkBudget {
        LinkBudget(
            carrierHertz: radio.carrierHz, bandwidthHertz: radio.bandwidthHz, transmitPowerDBm: radio.txPowerDBm,
            noiseFigureDB: radio.noiseFigureDB, probeDurationSeconds: radio.probeDurationS,
            absorptionDBPerMetre: radio.absorptionDBPerM ?? 0)
    }

    /// The measurement model at the scenario's carrier and bandwidth (receiver, fading, outliers, floors).
    public var measurementModel: MeasurementModel { measurementModel(linkBudget: linkBudget) }

    /// The measurement model of the wide beams: ``measurementModel`` with the wide-beam angle floor.
    public var wideBeamMeasurementModel: MeasurementModel {
        var model = measurementModel
        if let wide = radio.receiver?.wideAngleFloorFraction { model.angleFloorFraction = wide }
        return model
    }

    /// The measurement model of a probe with `linkBudget` (Waveform-v1 varies carrier and bandwidth), with
    /// `receiver` overriding the scenario's architecture.
    public func measurementModel(
        linkBudget: LinkBudget, receiver architecture: ReceiverArchitecture? = nil
    ) -> MeasurementModel {
        let spec = radio.receiver ?? ReceiverSpec()
        return MeasurementModel(
            linkBudget: linkBudget, detectionThresholdDB: radio.detectionThresholdDB,
            receiver: architecture ?? spec.architecture ?? .analogMonopulse,
            fading: RicianFading(lineOfSightKdB: spec.ricianKLosDB, nonLineOfSightKdB: spec.ricianKNlosDB),
            outliers: ThresholdOutliers(windowMetres: delaySearchWindowMetres),
            rangeFloorFraction: spec.rangeFloorFraction ?? 0, angleFloorFraction: spec.angleFloorFraction ?? 0)
    }

    /// The log-normal shadowing of the scenario's receiver (``LogNormalShadowing/none`` unless
    /// `radio.receiver.shadowing_std_db` is set).
    public var shadowing: LogNormalShadowing {
        let spec = radio.receiver ?? ReceiverSpec()
        return LogNormalShadowing(
            stdDB: spec.shadowingStdDB ?? 0,
            decorrelationMetres: spec.shadowingDecorrelationM ?? LogNormalShadowing.defaultDecorrelationMetres)
    }

    /// The receiver's delay search window as a range, metres: 1.5 × the room's diagonal.
    public var delaySearchWindowMetres: Double { 1.5 * (room.max - room.min).length }

    /// The image-method tracer of the room at `carrierHertz` (default: the scenario's carrier).
    public func tracer(carrierHertz: Double? = nil, room override: Room? = nil) -> ImageMethodTracer {
        ImageMethodTracer(
            room: override ?? sceneRoom, maxOrder: room.maxReflectionOrder ?? 1,
            carrierHertz: carrierHertz ?? radio.carrierHz, polarization: radio.polarization ?? .vertical)
    }

    /// Azimuth (radians) an access point faces: its `boresight_deg`, or towards the room's centre.
    public func boresightRadians(of ap: AccessPointSpec) -> Double {
        if let degrees = ap.boresightDeg { return degrees * Double.pi / 180 }
        let centre = (room.min + room.max) * 0.5
        return atan2(centre.y - ap.position.y, centre.x - ap.position.x)
    }

    /// The arrays of all access points, ideal (calibration errors are drawn per episode by the environment).
    public var arrays: [UniformLinearArray] {
        accessPoints.map { ap in
            UniformLinearArray(
                position: ap.position, boresightAzimuthRadians: boresightRadians(of: ap), elementCount: ap.elements,
                spacingWavelengths: ap.spacingWavelengths ?? 0.5, elementPeakGainDBi: ap.elementGainDBi ?? 5)
        }
    }

    /// The tracker's noise floors (range metres, angle radians) from the scenario; absent fields mean none.
    ///
    /// A floor is a property of the scene and of the probes used in it, so it is set per scenario: the WRF rooms
    /// use c/(20·B) and 1/(20·N·d/λ) of their 3 GHz, 32-element probes. A fixed default would be wrong for an env
    /// whose probes change bandwidth (Waveform-v1).
    public var trackerNoiseFloors: (rangeMetres: Double, angleRadians: Double) {
        (tracker.rangeStdFloorM ?? 0, tracker.angleStdFloorRad ?? 0)
    }

    /// The user's motion model.
    public var mobilityModel: MobilityModel {
        switch user.mobility {
        case "constant_velocity": return .constantVelocity(speedMetresPerSecond: user.speedMps ?? 1)
        case "random_waypoint": return .randomWaypoint(speedMetresPerSecond: user.speedMps ?? 1)
        default: return .stationary
        }
    }

    /// The horizontal area the user moves in: the room shrunk by the user's wall margin.
    public var userArea: (lower: SIMD2<Double>, upper: SIMD2<Double>) {
        let m = user.marginM ?? 0.3
        return (SIMD2(room.min.x + m, room.min.y + m), SIMD2(room.max.x - m, room.max.y - m))
    }
}

import RadioScene

/// Which independent links support the current track, and whether they are enough to trust its 95 % radius.
///
/// A lone specular NLoS path (a metal roof's bounce when racks hide line of sight) implies a position in the room,
/// passes the power gate (a mirror loses almost nothing) and is self-consistent over repeated probes of the same
/// link: the tracker cannot tell it from line of sight, and its 95 % radius is then a promise it cannot keep. As in
/// integrity monitoring (GNSS RAIM: a fault is detectable only with redundant measurements; Brown, "A baseline
/// GPS RAIM scheme", *Navigation* 39(3), 1992) and M-of-N track confirmation (Blackman & Popoli, *Design and
/// Analysis of Modern Tracking Systems*, 1999, §9.3), the episode may terminate only once measurements of
/// ``requiredLinks`` distinct links (an access point's direct path, an RIS panel's path) have passed the gates of
/// one and the same track: a second link's fix contradicts a wrong one, and the track is restarted. Only reliable
/// fixes count (a range and an angle, outlier probability ≤ 10⁻³): a range alone cannot contradict a wrong track
/// that lies on its range circle (in ris-failures/ood/12 an RIS range-only probe confirmed a roof-bounce track
/// 1.2 m off).
///
/// Scenario field `tracker.confirmation_links` (default 1: the track's start suffices, as before).
public struct TrackConfirmation: Sendable, Equatable {
    /// Distinct links the track needs.
    public let requiredLinks: Int
    /// The links whose measurements the current track has accepted (bit `i`: link `i`).
    public private(set) var links: UInt32 = 0
    /// ``ExtendedKalmanFilter/trackStartCount`` of the track ``links`` belong to.
    private var trackStart = -1

    /// Creates the rule for `requiredLinks` links (1: no confirmation beyond a started track).
    public init(requiredLinks: Int) {
        precondition(
            (1...TrackerSpec.maximumConfirmationLinks).contains(requiredLinks),
            "confirmation needs 1…\(TrackerSpec.maximumConfirmationLinks) links")
        self.requiredLinks = requiredLinks
    }

    /// Records that `tracker` accepted a measurement of `link` (links of an earlier track are forgotten).
    @inline(__always)
    public mutating func recordAccepted(link: Int, tracker: ExtendedKalmanFilter) {
        if tracker.trackStartCount != trackStart {
            trackStart = tracker.trackStartCount
            links = 0
        }
        links |= Self.bit(of: link)
    }

    /// Whether `link` already supports `tracker`'s current track.
    @inline(__always)
    public func supports(link: Int, tracker: ExtendedKalmanFilter) -> Bool {
        tracker.trackStartCount == trackStart && links & Self.bit(of: link) != 0
    }

    /// Distinct links supporting `tracker`'s current track.
    @inline(__always)
    public func linkCount(tracker: ExtendedKalmanFilter) -> Int {
        tracker.trackStartCount == trackStart ? links.nonzeroBitCount : 0
    }

    /// Whether `tracker`'s track is started and, where more than one link is required, supported by enough of them.
    @inline(__always)
    public func isConfirmed(tracker: ExtendedKalmanFilter) -> Bool {
        tracker.isInitialised && (requiredLinks <= 1 || linkCount(tracker: tracker) >= requiredLinks)
    }

    /// `link`'s bit in ``links`` (none for a link outside the 32 the set holds).
    @inline(__always)
    private static func bit(of link: Int) -> UInt32 { (0..<32).contains(link) ? 1 << UInt32(link) : 0 }

    /// Forgets every link (a new episode).
    public mutating func reset() {
        links = 0
        trackStart = -1
    }
}

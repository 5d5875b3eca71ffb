/// The file format of ``RecordTrajectory``.
public enum TrajectoryFormat: String, Sendable, Codable, CaseIterable {
    /// One JSON object per line: `episode`, `step`, `action`, `reward`, `terminated`, `truncated`,
    /// `observation`, `info` (a reset line has `step` 0 and no action, reward or flags).
    case jsonLines = "jsonl"
    /// Comma-separated values with a header: `episode,step,action,reward,terminated,truncated,obs_0,…,info`,
    /// the action's components separated by spaces and the info as a quoted JSON string.
    case csv
}

/// A reconfigurable intelligent surface as a scenario file describes it: a vertical panel of columns × rows
/// elements on a wall or a pole.
///
/// ```yaml
/// ris:
///   - {name: ris0, centre: [0.0, 7.9, 2.0], normal_deg: -90, columns: 16, rows: 16}
/// ```
public struct RISPanelSpec: Sendable, Equatable, Codable {
    /// Name for logs.
    public var name: String
    /// Centre of the panel, metres.
    public var centre: Vector3
    /// Azimuth of the panel's normal (the side it reflects into), degrees from +x towards +y.
    public var normalDeg: Double
    /// Elements along the horizontal axis.
    public var columns: Int
    /// Elements along the vertical axis.
    public var rows: Int
    /// Element spacing in wavelengths at the scenario's carrier (default 0.5).
    public var spacingWavelengths: Double?
    /// Element gain, dBi (default 6.02: a cos θ power pattern, gain 4).
    public var elementGainDBi: Double?
    /// Power lost in each element's reflection, dB (default 1).
    public var reflectionLossDB: Double?
    /// Codebook beams along the horizontal axis (default: `columns`).
    public var codebookColumns: Int?
    /// Codebook beams along the vertical axis (default: `rows`).
    public var codebookRows: Int?
    /// Index of the access point that illuminates the panel (default 0).
    public var accessPoint: Int?

    /// Creates a panel description; `nil` fields take their defaults.
    public init(
        name: String, centre: Vector3, normalDeg: Double, columns: Int, rows: Int, spacingWavelengths: Double? = nil,
        elementGainDBi: Double? = nil, reflectionLossDB: Double? = nil, codebookColumns: Int? = nil,
        codebookRows: Int? = nil, accessPoint: Int? = nil
    ) {
        self.name = name
        self.centre = centre
        self.normalDeg = normalDeg
        self.columns = columns
        self.rows = rows
        self.spacingWavelengths = spacingWavelengths
        self.elementGainDBi = elementGainDBi
        self.reflectionLossDB = reflectionLossDB
        self.codebookColumns = codebookColumns
        self.codebookRows = codebookRows
        self.accessPoint = accessPoint
    }

    enum CodingKeys: String, CodingKey {
        case name, centre, columns, rows
        case normalDeg = "normal_deg", spacingWavelengths = "spacing_wavelengths", elementGainDBi = "element_gain_dbi"
        case reflectionLossDB = "reflection_loss_db", codebookColumns = "codebook_columns"
        case codebookRows = "codebook_rows", accessPoint = "access_point"
    }
}

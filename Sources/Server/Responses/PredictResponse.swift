/// `POST /predict`: which model answered, and one probability and label per row.
struct PredictResponse: Codable, Equatable {
    let modelID: String
    let name: String?
    let version: Int
    let probabilities: [Double]
    let labels: [Int]

    enum CodingKeys: String, CodingKey {
        case name, version, probabilities, labels
        case modelID = "model_id"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(modelID, forKey: .modelID)
        try container.encode(name, forKey: .name)
        try container.encode(version, forKey: .version)
        try container.encode(probabilities, forKey: .probabilities)
        try container.encode(labels, forKey: .labels)
    }
}

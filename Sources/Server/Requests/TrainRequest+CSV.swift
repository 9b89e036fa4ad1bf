import Engine
import Storage
import Wire

/// A `/train` whose body is CSV (`Content-Type: text/csv`): the data is the body's columns, every other member comes
/// from the query string under its JSON name (`?epochs=200&model=softmax&optimizer={"name":"adam"}`).
extension TrainRequest {
    /// Query members whose values are strings as written; any other value is read as JSON (`200`, `true`, `{…}`),
    /// or as a string when it is not JSON (so a type error names the member).
    static let stringQueryMembers: Set<String> = ["name", "model", "precision"]

    /// The query string as the JSON object a `/train` body would be, without `label` (the CSV's label column).
    static func queryBody(_ parameters: [(key: String, value: String)]) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = []
        for (key, value) in parameters where key != "label" {
            if stringQueryMembers.contains(key) {
                members.append((key, .string(value)))
            } else if let parsed = try? JSONParser.parse(Array(value.utf8)) {
                members.append((key, parsed))
            } else {
                members.append((key, .string(value)))
            }
        }
        return .object(members)
    }

    /// The CSV's columns as a job's data: the notebook's training set (labels in [0, 1]) or a table for any model.
    static func trainingData(_ csv: CSVTrainingColumns, modelRun: Bool, limits: Limits) throws(WireError) -> TrainingData {
        try checkFeatures(csv.featureNames.count, limits: limits, pointer: "/x")
        if modelRun {
            do throws(TrainingPlanError) {
                return .table(try TrainingTable(x: csv.x, y: csv.y))
            } catch {
                throw TrainOptionsRequest.wireError(error)
            }
        }
        do throws(TrainingSetError) {
            return .given(try TrainingSet(x: csv.x, y: csv.y))
        } catch {
            throw wireError(error, yShape: csv.y.shape)
        }
    }

    /// A fault at a CSV row's label (`/y/17`), as the CSV names it: `line 19, column "churned": …` (the header is
    /// line 1), without a JSON pointer; any other fault as it is.
    static func csvFault(_ error: WireError, labelName: String) -> WireError {
        guard let pointer = error.pointer, pointer.hasPrefix("/y/"), let row = Int(pointer.dropFirst(3)) else { return error }
        return WireError(error.fault, kind: error.kind, detail: "line \(row + 2), column \"\(labelName)\": \(error.detail)")
    }
}

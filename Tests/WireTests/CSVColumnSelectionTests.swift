import Engine
import Testing

@testable import Wire

@Suite("CSV column selection: training x/y and prediction input")
struct CSVColumnSelectionTests {
    static let text = "a,b,label,c\n1,2,0,3\n4,5,1,6\n7,8,1,9\n"

    @Test func theLabelIsTheLastColumnByDefault() throws {
        let table = try #require(CSVTest.table("a,b,y\n1,2,0\n3,4,1\n", numericColumns: .training(label: nil)))
        let split = try table.trainingColumns()
        #expect(split.x == NDArray(shape: [2, 2], data: [1, 2, 3, 4]))
        #expect(split.y == NDArray(shape: [2], data: [0, 1]))
        #expect(split.featureNames == ["a", "b"])
        #expect(split.labelName == "y")
    }

    @Test(arguments: [("a", [2.0, 0, 3, 5, 1, 6, 8, 1, 9], ["b", "label", "c"], [1.0, 4, 7]),
                      ("label", [1, 2, 3, 4, 5, 6, 7, 8, 9], ["a", "b", "c"], [0, 1, 1]),
                      ("c", [1, 2, 0, 4, 5, 1, 7, 8, 1], ["a", "b", "label"], [3, 6, 9])])
    func theLabelByName(_ label: String, _ x: [Double], _ features: [String], _ y: [Double]) throws {
        let table = try #require(CSVTest.table(Self.text, numericColumns: .training(label: label)))
        let split = try table.trainingColumns(label: label)
        #expect(split.x == NDArray(shape: [3, 3], data: x))
        #expect(split.y == NDArray(shape: [3], data: y))
        #expect(split.featureNames == features)
        #expect(split.labelName == label)
    }

    @Test func aMissingOrLoneLabel() throws {
        let table = try #require(CSVTest.table(Self.text))
        #expect(throws: CSVError.missingColumns(["churn"])) { try table.trainingColumns(label: "churn") }
        let lone = try #require(CSVTest.table("y\n1\n0\n"))
        #expect(throws: CSVError.noFeatureColumns(label: "y")) { try lone.trainingColumns() }
        #expect(CSVError.noFeatureColumns(label: "y").message == "the CSV has only the label column \"y\"; training needs at least one feature column")
    }

    @Test func aLargerTableCompactsInPlaceCorrectly() throws {
        var text = (0..<7).map { "c\($0)" }.joined(separator: ",") + "\n"
        var rows: [[Double]] = []
        for r in 0..<50 {
            let row = (0..<7).map { Double(r * 10 + $0) }
            rows.append(row)
            text += row.map(\.description).joined(separator: ",") + "\n"
        }
        for labelIndex in 0..<7 {
            let table = try #require(CSVTest.table(text))
            let split = try table.trainingColumns(label: "c\(labelIndex)")
            var expected = rows
            for r in expected.indices { expected[r].remove(at: labelIndex) }
            #expect(split.x.data == expected.flatMap { $0 })
            #expect(split.y.data == rows.map { $0[labelIndex] })
        }
    }

    @Test func predictionTakesTheModelsOrderAndPassesTheRestThrough() throws {
        let text = "id,b,name,a\n7,2,x,1\n8,4,\"y, z\",3\n"
        let features = ["a", "b"]
        let table = try #require(CSVTest.table(text, numericColumns: .prediction(features: features)))
        let input = try table.predictionInput(features: features)
        #expect(input.x == NDArray(shape: [2, 2], data: [1, 2, 3, 4]))
        #expect(input.passThrough.names == ["id", "name"])
        #expect(input.passThrough[row: 1, column: 0] == "8")
        #expect(input.passThrough[row: 1, column: 1] == "y, z")
    }

    @Test func predictionNamesEveryMissingFeature() {
        #expect(CSVTest.error("a,id\n1,2\n", numericColumns: .prediction(features: ["a", "b", "c"])) == .missingColumns(["b", "c"]))
        #expect(CSVError.missingColumns(["b", "c"]).message == "the CSV has no columns \"b\", \"c\"")
    }

    @Test func predictionFromATableReadAllNumeric() throws {
        let table = try #require(CSVTest.table("c,a,b\n1,2,3\n4,5,6\n"))
        let input = try table.predictionInput(features: ["a", "b"])
        #expect(input.x == NDArray(shape: [2, 2], data: [2, 3, 5, 6]))
        #expect(throws: CSVError.missingColumns(["z"])) { try table.predictionInput(features: ["a", "z"]) }
    }
}

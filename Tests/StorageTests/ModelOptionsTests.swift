import Engine
import Foundation
import Testing

@testable import Storage

/// ``ModelOptions`` as stores keep it: JSON that reads back bit for bit, NULL for the notebook's, and the plan it
/// makes.
@Suite struct ModelOptionsTests {
    /// Values whose shortest decimal text is long, tiny, subnormal or negative zero.
    static let awkward: [Double] = [0.1 + 0.2, 1e-300, Double.leastNonzeroMagnitude, -0.0, 1.0 / 3.0, 0x1p-1074 * 3, 0.999_999_999_999_999_9]

    static let softmax = ModelOptions(
        model: .softmax, classes: 3, l2: 0.1 + 0.2, standardize: true,
        optimizer: OptimizerSettings(.adam, batchSize: 4, beta1: 0.9, beta2: 0.999_999_999_999_999_9, eps: Double.leastNonzeroMagnitude),
        validation: ValidationFraction(1e-300, stratified: false), earlyStopping: EarlyStoppingSettings(patience: 3, minDelta: -0.0),
        featureNames: ["sepal \"length\"", "wïdth/2", ""])

    @Test func optionsRoundTripBitForBit() throws {
        let text = try #require(try StoredJSON.column(Self.softmax))
        let back = try StoredJSON.options(text, table: "job")
        #expect(back == Self.softmax)
        #expect(back.l2.bitPattern == (0.1 + 0.2).bitPattern)
        #expect(back.optimizer.eps?.bitPattern == Double.leastNonzeroMagnitude.bitPattern)
        #expect(back.optimizer.beta2?.bitPattern == (0.999_999_999_999_999_9 as Double).bitPattern)
        #expect(back.validation?.fraction.bitPattern == (1e-300 as Double).bitPattern)
        #expect(back.earlyStopping?.minDelta.sign == .minus, "-0 stays -0")
        #expect(text.contains("\"early_stopping\"") && text.contains("\"batch_size\":4") && text.contains("\"feature_names\""))
    }

    @Test(arguments: awkward) func everyAwkwardValueRoundTrips(value: Double) throws {
        let options = ModelOptions(l2: value, optimizer: OptimizerSettings(.momentum, momentum: value))
        let back = try StoredJSON.options(try StoredJSON.column(options), table: "job")
        #expect(back.l2.bitPattern == value.bitPattern && back.optimizer.momentum?.bitPattern == value.bitPattern)
    }

    @Test func nonFiniteValuesRoundTripToo() throws {
        for value in [Double.infinity, -.infinity] {
            let back = try StoredJSON.options(try StoredJSON.column(ModelOptions(l2: value)), table: "job")
            #expect(back.l2 == value)
        }
        let nan = try StoredJSON.options(try StoredJSON.column(ModelOptions(l2: .nan)), table: "job")
        #expect(nan.l2.isNaN)
    }

    @Test func theNotebookOptionsAreNull() throws {
        #expect(try StoredJSON.column(.notebook) == nil)
        #expect(try StoredJSON.options(nil, table: "job") == .notebook)
        #expect(try StoredJSON.column(ModelOptions(featureNames: ["a"])) != nil, "feature names are kept even on the notebook path")
        #expect(try StoredJSON.column(ModelOptions(l2: -0.0)) != nil, "-0 is not the default's bits")
    }

    @Test func missingMembersDecodeAsTheirDefaults() throws {
        #expect(try StoredJSON.options("{}", table: "job") == .notebook)
        let partial = try StoredJSON.options(#"{"model":"softmax","optimizer":{"name":"sgd"},"validation":{"fraction":0.25}}"#, table: "job")
        #expect(partial == ModelOptions(model: .softmax, optimizer: OptimizerSettings(.sgd), validation: ValidationFraction(0.25)))
        #expect(throws: StoredJSON.DamagedColumn.self) { try StoredJSON.options(#"{"model":"tree"}"#, table: "job") }
    }

    @Test func isNotebookFollowsTheTrainersPath() {
        #expect(ModelOptions.notebook.isNotebook)
        #expect(ModelOptions(featureNames: ["a", "b"]).isNotebook)
        let departures: [ModelOptions] = [
            ModelOptions(model: .softmax), ModelOptions(classes: 2), ModelOptions(l2: 1e-3), ModelOptions(standardize: true),
            ModelOptions(optimizer: OptimizerSettings(.sgd)), ModelOptions(validation: ValidationFraction(0.2)),
            ModelOptions(earlyStopping: EarlyStoppingSettings()),
        ]
        for options in departures {
            #expect(!options.isNotebook)
            let params = TrainingParams(epochs: 5, learningRate: 0.1, seed: 1, snapshotEvery: 1, samples: 4, features: 2, options: options)
            #expect(!params.plan().usesOnlyNotebookFeatures)
        }
        #expect(StoreTests.params.plan().usesOnlyNotebookFeatures)
    }

    @Test func paramsMakeThePlan() {
        let params = TrainingParams(
            epochs: 7, learningRate: 0.05, seed: 9, snapshotEvery: 3, samples: 6, features: 2, precision: .fast, options: Self.softmax)
        let plan = params.plan(parallelism: 4)
        let expected = TrainingPlan(
            model: .softmax, classes: 3, l2: 0.1 + 0.2, standardize: true, optimizer: Self.softmax.optimizer,
            validation: .fraction(1e-300, stratified: false), earlyStopping: Self.softmax.earlyStopping, epochs: 7, learningRate: 0.05,
            snapshotEvery: 3, precision: .fast, parallelism: 4)
        #expect(plan == expected)
        #expect(TrainingParams(epochs: 7, learningRate: 0.05, seed: 9, snapshotEvery: 3, samples: 6, features: 2).options == .notebook)
    }
}

import Engine
import Testing

/// Invalid data and plans fail before training with an error that names the member at fault.
@Suite struct TrainingPlanErrorTests {
    struct Case: Sendable, CustomStringConvertible {
        let pointer: String
        let plan: TrainingPlan
        var x = NDArray(shape: [10, 2], data: (0..<20).map(Double.init))
        var y = NDArray(shape: [10], data: [0, 1, 2, 0, 1, 2, 0, 1, 2, 0])
        var description: String { pointer }
    }

    static let softmax = TrainingPlan(model: .softmax)
    static let binary = NDArray(shape: [10], data: [0, 1, 0, 1, 0, 1, 0, 1, 0, 1])

    static let cases: [Case] = [
        Case(pointer: "/x", plan: softmax, x: NDArray(shape: [10], data: Array(repeating: 0, count: 10))),
        Case(pointer: "/x", plan: softmax, x: NDArray(shape: [0, 2], data: [])),
        Case(pointer: "/y", plan: softmax, y: NDArray(shape: [9], data: Array(repeating: 0, count: 9))),
        Case(pointer: "/y/3", plan: softmax, y: NDArray(shape: [10], data: [0, 1, 2, 1.5, 1, 2, 0, 1, 2, 0])),
        Case(pointer: "/y/4", plan: softmax, y: NDArray(shape: [10], data: [0, 1, 2, 0, -1, 2, 0, 1, 2, 0])),
        Case(pointer: "/y/2", plan: TrainingPlan(model: .softmax, classes: 2)),
        Case(pointer: "/y/1", plan: TrainingPlan(), y: NDArray(shape: [10], data: [0, 1.5, 0, 1, 0, 1, 0, 1, 0, 1])),
        Case(pointer: "/y/0", plan: TrainingPlan(), y: NDArray(shape: [10], data: [.nan, 1, 0, 1, 0, 1, 0, 1, 0, 1])),
        Case(pointer: "/classes", plan: TrainingPlan(model: .softmax, classes: 1)),
        Case(pointer: "/classes", plan: TrainingPlan(classes: 2), y: binary),
        Case(pointer: "/l2", plan: TrainingPlan(model: .softmax, l2: -0.1)),
        Case(pointer: "/l2", plan: TrainingPlan(model: .softmax, l2: .infinity)),
        Case(pointer: "/optimizer/batch_size", plan: TrainingPlan(model: .softmax, optimizer: OptimizerSettings(.sgd, batchSize: 11))),
        Case(pointer: "/optimizer/batch_size", plan: TrainingPlan(model: .softmax, optimizer: OptimizerSettings(.adam, batchSize: 0))),
        Case(pointer: "/optimizer/batch_size", plan: TrainingPlan(model: .softmax, optimizer: OptimizerSettings(.gd, batchSize: 4))),
        Case(
            pointer: "/optimizer/batch_size",
            plan: TrainingPlan(model: .softmax, optimizer: OptimizerSettings(.sgd, batchSize: 8), validation: .fraction(0.3))),
        Case(pointer: "/optimizer/beta1", plan: TrainingPlan(model: .softmax, optimizer: OptimizerSettings(.adam, beta1: 1))),
        Case(pointer: "/optimizer/beta1", plan: TrainingPlan(model: .softmax, optimizer: OptimizerSettings(.sgd, beta1: 0.9))),
        Case(pointer: "/optimizer/beta2", plan: TrainingPlan(model: .softmax, optimizer: OptimizerSettings(.adam, beta2: -0.1))),
        Case(pointer: "/optimizer/eps", plan: TrainingPlan(model: .softmax, optimizer: OptimizerSettings(.adam, eps: 0))),
        Case(pointer: "/optimizer/momentum", plan: TrainingPlan(model: .softmax, optimizer: OptimizerSettings(.momentum, momentum: 1))),
        Case(pointer: "/optimizer/momentum", plan: TrainingPlan(model: .softmax, optimizer: OptimizerSettings(.adam, momentum: 0.5))),
        Case(pointer: "/validation/fraction", plan: TrainingPlan(model: .softmax, validation: .fraction(0))),
        Case(pointer: "/validation/fraction", plan: TrainingPlan(model: .softmax, validation: .fraction(1))),
        Case(pointer: "/validation/fraction", plan: TrainingPlan(model: .softmax, validation: .fraction(0.01))),
        Case(
            pointer: "/validation/x",
            plan: TrainingPlan(model: .softmax, validation: .set(x: NDArray(shape: [2, 3], repeating: 0), y: NDArray(shape: [2], data: [0, 1])))),
        Case(
            pointer: "/validation/y",
            plan: TrainingPlan(model: .softmax, validation: .set(x: NDArray(shape: [2, 2], repeating: 0), y: NDArray(shape: [3], data: [0, 1, 1])))),
        Case(
            pointer: "/validation/y/1",
            plan: TrainingPlan(model: .softmax, validation: .set(x: NDArray(shape: [2, 2], repeating: 0), y: NDArray(shape: [2], data: [0, 3])))),
        Case(pointer: "/early_stopping/patience", plan: TrainingPlan(model: .softmax, earlyStopping: EarlyStoppingSettings(patience: 0))),
        Case(pointer: "/early_stopping/min_delta", plan: TrainingPlan(model: .softmax, earlyStopping: EarlyStoppingSettings(minDelta: -1))),
    ]

    @Test(arguments: cases)
    func invalidInputNamesItsMember(_ invalid: Case) {
        do {
            _ = try TrainingInput(x: invalid.x, y: invalid.y, plan: invalid.plan)
            Issue.record("\(invalid.pointer): accepted")
        } catch {
            #expect(error.pointer == invalid.pointer, "\(error)")
            #expect(!error.description.isEmpty)
        }
    }

    @Test func validInputIsAccepted() throws {
        let y = NDArray(shape: [10], data: [0, 1, 2, 0, 1, 2, 0, 1, 2, 0])
        let x = NDArray(shape: [10, 2], data: (0..<20).map(Double.init))
        let input = try TrainingInput(x: x, y: y, plan: Self.softmax)
        #expect(input.classes == 3)
        #expect(try TrainingInput(x: x, y: y, plan: TrainingPlan(model: .softmax, classes: 5)).classes == 5)
        let batches = TrainingPlan(model: .softmax, optimizer: OptimizerSettings(.sgd, batchSize: 7), validation: .fraction(0.3))
        #expect(try TrainingInput(x: x, y: y, plan: batches).samples == 10)
        // k = 2 softmax is its own model, not logistic.
        let two = try TrainingInput(x: x, y: Self.binary, plan: Self.softmax)
        #expect(two.classes == 2)
        #expect(try ModelTrainer.train(two, seed: 1).model.classifier.outputs == 2)
    }
}

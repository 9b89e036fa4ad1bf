import Engine
import Testing

/// The validation split is drawn from the seed: the same seed gives the same rows, stratified by class.
@Suite struct ValidationSplitTests {
    static let labels: [Double] = (0..<103).map { Double($0 % 7 == 0 ? 2 : $0 % 3 == 0 ? 1 : 0) }

    static func draw(seed: UInt32, stratified: Bool = true) -> ValidationSplit {
        var rng = RandomState(seed: seed)
        return ValidationSplit.draw(labels: labels, model: .softmax, classes: 3, fraction: 0.3, stratified: stratified, using: &rng)
    }

    @Test func sameSeedSameSplit() {
        #expect(Self.draw(seed: 4) == Self.draw(seed: 4))
        #expect(Self.draw(seed: 4) != Self.draw(seed: 5))
        #expect(Self.draw(seed: 4, stratified: false) == Self.draw(seed: 4, stratified: false))
    }

    @Test(arguments: [true, false])
    func everyRowIsOnOneSide(stratified: Bool) {
        let split = Self.draw(seed: 8, stratified: stratified)
        #expect((split.training + split.validation).sorted() == Array(0..<Self.labels.count))
        #expect(split.training == split.training.sorted() && split.validation == split.validation.sorted())
        #expect(split.validation.count == 31)  // 17 + 9 + 5 stratified, round(30.9) not
    }

    @Test func stratifiedKeepsEachClassShare() {
        let split = Self.draw(seed: 8)
        for c in 0..<3 {
            let count = Self.labels.filter { $0 == Double(c) }.count
            let held = split.validation.filter { Self.labels[$0] == Double(c) }.count
            #expect(held == Int((0.3 * Double(count)).rounded()), "class \(c)")
        }
    }

    @Test func theTrainerHoldsOutTheDrawnRows() throws {
        var rng = RandomState(seed: UInt32(2))
        let x = rng.randn([103, 3])
        let plan = TrainingPlan(model: .softmax, validation: .fraction(0.3), epochs: 3, learningRate: 0.1)
        let input = try TrainingInput(x: x, y: NDArray(shape: [103], data: Self.labels), plan: plan)
        let first = try ModelTrainer.train(input, seed: 12)
        let again = try ModelTrainer.train(input, seed: 12)
        #expect(first.validationMetrics == again.validationMetrics && first.model == again.model)
        let matrix = try #require(first.validationMetrics?.confusionMatrix)
        let counts = (0..<3).map { c in Self.labels.filter { $0 == Double(c) }.count }
        #expect(counts == [58, 30, 15])
        #expect(matrix.map { $0.reduce(0, +) } == [17, 9, 5])  // round(0.3·count), halves away from zero
    }

    @Test func anExplicitValidationSetIsMeasured() throws {
        var rng = RandomState(seed: UInt32(6))
        let x = rng.randn([60, 3])
        let validationX = rng.randn([20, 3])
        let label = { (x: NDArray, row: Int) -> Double in x.data[row * 3] + x.data[row * 3 + 2] > 0 ? 1 : 0 }
        let y = NDArray(shape: [60], data: (0..<60).map { label(x, $0) })
        let validationY = (0..<20).map { label(validationX, $0) }
        let plan = TrainingPlan(
            standardize: true, validation: .set(x: validationX, y: NDArray(shape: [20, 1], data: validationY)), epochs: 40, learningRate: 0.5,
            snapshotEvery: 10)
        let result = try ModelTrainer.train(try TrainingInput(x: x, y: y, plan: plan), seed: 6)
        let metrics = try #require(result.validationMetrics)
        #expect(metrics == ClassificationMetrics.binary(probabilities: result.model.probabilities(validationX), targets: validationY))
        #expect(metrics.confusionMatrix.joined().reduce(0, +) == 20)
        #expect(result.history.allSatisfy { $0.valLoss != nil })
        #expect(metrics.accuracy > 0.8)
    }
}

// The descent engine: NumPy-exact arrays and a gradient-descent logistic regression, in plain Swift.
//
// - `NDArray` holds any-rank float64 data in one contiguous C-order buffer.
// - `Broadcasting`, `BinaryOperation`, `LinearAlgebra` (`matmul`, `dot`) and `ArrayOperation` follow
//   NumPy's rules and fail with `NumPyError`, whose message is NumPy's own text, byte for byte.
// - `RandomState` reproduces `np.random.seed(s); rand(...)` / `randn(...)` bit for bit.
// - `LogisticModel`, `TrainingSet` and `GradientDescent` are the notebook's model and training loop:
//   each epoch is one fused pass over x, split into fixed chunks so threads never change the result.
// - `Models/`: everything beyond the notebook. `TrainingPlan` (logistic or softmax, L2, standardisation, gd/sgd/
//   momentum/adam, validation, early stopping) is checked with its data by `TrainingInput` (`TrainingPlanError` names
//   the member at fault) and trained by `ModelTrainer`, which sends notebook-only plans through `GradientDescent`
//   unchanged and the others through `ModelRun`/`EpochLoop`/`BatchPass` (fused, chunked, thread-count independent).
//   `FittedModel` predicts; `ClassificationMetrics` measures with scikit-learn's formulas; `ModelCheckpoint` resumes.
//
// The engine depends on nothing but the standard library and Foundation and knows nothing of HTTP.

import Foundation

// descent-bench: measures the engine (and the server's JSON decoding path) and prints one JSON object per
// line on stdout for scripts/bench to collect. Every subcommand runs its work `--reps` times and reports the
// median, minimum and maximum.

let usage = """
    usage: descent-bench <command> [--flag value ...]
      train    --n 1000000 --d 32 --epochs 10 --reps 5 --threads 2 --seed 42   ms per epoch of GradientDescent.train
               [--precision exact|fast]                                        (the kernel; default exact)
      stream   --n 1000000 --d 32 --reps 5 --threads 2 --seed 42               one streaming sum over the same x
      scaling  --threads 2 --reps 5 [--quick]                                  ms per epoch over n = 10^3…10^7, d = 2…512
      ingest   --file body.json --reps 5                                       /train body through JSONParser + TrainRequest
      ingest-foundation --file body.json --reps 5                              the same body through Foundation JSONDecoder
      csv-ingest --file body.csv --reps 5 [--chunk 65536] [--label label]     a CSV /train body through CSVReader, and the
                                                                               same numbers as JSON through JSONParser
      softmax  --n 1000000 --d 32 --k 10 --epochs 5 --reps 3 --threads 2 --seed 42 ms per epoch of ModelTrainer's softmax gd
      digits   --file digits.csv --reps 5 [--epochs 100] [--threads 1] [--sweep 10,20,50]  fit time, held-out accuracy (digits fixture)
    """

let arguments = CommandLine.arguments.dropFirst()
guard let command = arguments.first else {
    FileHandle.standardError.write(Data((usage + "\n").utf8))
    exit(2)
}
do {
    let flags = try Flags(Array(arguments.dropFirst()))
    switch command {
    case "train": try TrainBench.run(flags)
    case "stream": try StreamBench.run(flags)
    case "scaling": try ScalingBench.run(flags)
    case "ingest": try IngestBench.run(flags)
    case "ingest-foundation": try FoundationIngestBench.run(flags)
    case "csv-ingest": try CSVIngestBench.run(flags)
    case "softmax": try SoftmaxBench.run(flags)
    case "digits": try DigitsBench.run(flags)
    default: throw BenchError.usage("unknown command \(command)")
    }
} catch {
    FileHandle.standardError.write(Data("descent-bench: \(error)\n\(usage)\n".utf8))
    exit(2)
}

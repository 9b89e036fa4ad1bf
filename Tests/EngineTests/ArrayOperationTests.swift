import Engine
import Testing

/// The names `/broadcast` accepts for an operation.
@Suite struct ArrayOperationTests {
    @Test(arguments: [
        ("add", ArrayOperation.elementwise(.add)), ("+", .elementwise(.add)),
        ("subtract", .elementwise(.subtract)), ("-", .elementwise(.subtract)),
        ("multiply", .elementwise(.multiply)), ("*", .elementwise(.multiply)),
        ("divide", .elementwise(.divide)), ("/", .elementwise(.divide)),
        ("power", .elementwise(.power)), ("**", .elementwise(.power)),
        ("maximum", .elementwise(.maximum)), ("minimum", .elementwise(.minimum)),
        ("matmul", .matmul), ("@", .matmul), ("dot", .dot),
    ])
    func parsesNamesAndSymbols(name: String, expected: ArrayOperation) {
        #expect(ArrayOperation(name) == expected)
    }

    @Test(arguments: ["", "Add", "plus", "^", "//", "@@", "true_divide", " add"])
    func rejectsOtherNames(name: String) {
        #expect(ArrayOperation(name) == nil)
    }

    @Test func canonicalNames() {
        for operation in BinaryOperation.allCases {
            #expect(ArrayOperation.elementwise(operation).name == operation.rawValue)
        }
        #expect(ArrayOperation.matmul.name == "matmul")
        #expect(ArrayOperation.dot.name == "dot")
    }

    @Test func allNamesListsNamesThenSymbols() {
        let names = ["add", "subtract", "multiply", "divide", "power", "maximum", "minimum", "matmul", "dot"]
        let all = ArrayOperation.allNames
        #expect(Set(all.prefix(names.count)) == Set(names))
        #expect(Set(all.dropFirst(names.count)) == ["+", "-", "*", "/", "**", "@"])
        #expect(all.count == names.count + 6)
        #expect(all.allSatisfy { ArrayOperation($0) != nil })
    }
}

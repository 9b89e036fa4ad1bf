@main
struct Descent { static func main() {} }

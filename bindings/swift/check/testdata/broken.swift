// Deliberately broken Swift: the selftest and the unit tests expect the parse check to fail here.
import Foundation

func ok() -> Int { return 1 }

func broken(_ x: Int -> Int {
    let y = [1, 2
    return y
}

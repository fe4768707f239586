/// SplitMix64 (Steele, Lea and Flood 2014): a small deterministic generator for reproducible randomized tests,
/// synthetic benchmark data and the seeding of larger generators (the wild bootstrap's xoshiro256**). The same seed
/// always gives the same sequence, on every platform.
public struct SplitMix64: RandomNumberGenerator {
    /// The generator's state; advanced by the golden-ratio increment on every call.
    public var state: UInt64

    /// A generator starting from `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform draw in [0, 1): the top 53 bits times 2^-53.
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
}

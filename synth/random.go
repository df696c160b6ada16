package synth

import (
	"fmt"
	"math/rand/v2"
)

// stream names one use of random numbers. Each stream of each year and
// school has its own generator, derived from the seed, so what one part
// of the district draws never shifts what another part draws: a change
// to how one school's classes are made leaves the other schools as they
// were.
type stream uint64

const (
	streamLayout stream = iota + 1
	streamFirstStudents
	streamMobility
	streamEntrants
	streamStaffing
	streamTurnover
	streamClasses
	streamDistrictYear
)

// rand returns the generator of one stream for one year and school. The
// scale takes part in the derivation, so that districts of different
// scales share no draws even with the same seed.
func (d *district) rand(s stream, year, school int) *rand.Rand {
	key := uint64(s)<<48 ^ uint64(year)<<32 ^ uint64(uint32(school))
	return rand.New(rand.NewPCG(d.seed, mix(key^d.salt)))
}

// scaleSalt condenses a scale into a number for rand (FNV-1a over its
// printed form).
func scaleSalt(sc Scale) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range []byte(fmt.Sprintf("%+v", sc)) {
		h = (h ^ uint64(c)) * 1099511628211
	}
	return h
}

// mix scrambles a key so that nearby keys give unrelated generators (the
// finalizer of SplitMix64).
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// chance reports true with probability p.
func chance(r *rand.Rand, p float64) bool {
	return r.Float64() < p
}

// uniform returns a number drawn evenly from [lo, hi).
func uniform(r *rand.Rand, lo, hi float64) float64 {
	return lo + (hi-lo)*r.Float64()
}

// between returns a whole number drawn evenly from lo to hi inclusive.
func between(r *rand.Rand, lo, hi int) int {
	return lo + r.IntN(hi-lo+1)
}

// pick returns an index drawn with probability proportional to its weight.
func pick(r *rand.Rand, weights ...float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	u := r.Float64() * total
	for i, w := range weights {
		if u < w {
			return i
		}
		u -= w
	}
	return len(weights) - 1
}

// clamp limits v to [lo, hi].
func clamp(v, lo, hi float64) float64 {
	return max(lo, min(hi, v))
}

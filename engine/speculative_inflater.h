#pragma once
// Inflating one deflate stream from the middle, before the 32 KB of output that precede
// that point (its window) are known, so that a second core can start on a big gzip file
// while the first inflates up to there.
//
// A dynamic-Huffman block start is found by its header (RFC 1951 section 3.2.7: BFINAL 0,
// BTYPE 10, HLIT <= 29, HDIST <= 29, a complete code-length code) and a trial decode. From
// there the block is decoded twice, by two ISA-L decoders whose dictionaries code each
// window position i differently (first: i mod 256; second: (i mod 256 + 1 + i / 256) mod 256).
// A byte both decoders give alike comes from a literal and is exact; a byte they give
// differently is a copy of window byte i, which the two values name. Once the window is
// known (resolve), the first decoder's history is rewritten with the true bytes, and it
// inflates exactly from there: the bytes it gave before are not needed, only the point
// where it switched. What depends on ISA-L's state (its history in tmp_out_buffer between
// calls, ISA-L 2.30) is checked by the caller: the member's CRC-32 must still hold.

#include <cstddef>
#include <cstdint>
#include <memory>

struct inflate_state;

namespace sharescope {

class SpeculativeInflater {
public:
    static constexpr size_t kWindow = 32768;

    SpeculativeInflater();
    ~SpeculativeInflater();
    SpeculativeInflater(const SpeculativeInflater &) = delete;
    SpeculativeInflater &operator=(const SpeculativeInflater &) = delete;

    // Whether bit `bit` of `data` (size bytes, at least 16 after the bit's byte) may start a
    // dynamic-Huffman block that is not the last: the header test alone, fast.
    static bool mayStartBlock(const unsigned char *data, size_t size, uint64_t bit);

    // Starts both decoders at bit `bit` of `data`, whose bytes [0, size) are in hand, and
    // test-decodes up to kTrialBytes of output: false when that fails or gives a byte no
    // JSON text holds (a raw control character). On success the decoders have consumed
    // consumed() bytes of `data` and produced() bytes.
    static constexpr size_t kTrialBytes = 64u << 10;
    bool begin(const unsigned char *data, size_t size, uint64_t bit);

    // Speculates on: input [in, in + size), output up to `room` bytes into scratch space.
    // Returns how many input bytes both decoders used; false on a decoding error or when
    // the block sequence ends (then the speculation is over: drop it).
    bool speculate(const unsigned char *in, size_t size, size_t &used);
    bool inLastBlock() const;  // the stream's last block has begun: speculating on could end the stream
    uint64_t produced() const { return m_produced; }  // output since the start bit (not counting held bytes)
    size_t consumed() const { return m_consumed; }    // of begin()'s data

    // The window before the start bit is known: rewrites the first decoder's history with
    // it. From now on inflate() gives exact bytes, the first being byte produced() after
    // the start bit. False when the decoders' states disagree (an ISA-L this does not know).
    bool resolve(const unsigned char window[kWindow]);
    // After resolve(): inflates input [in, in + size) into out[0, room), exactly; `used` and
    // `produced` say how much. `finished`: the stream's last block has ended (the input after
    // it, its trailer, is left: consumed by the bit buffer first, see trailerBytes()). False
    // on a decoding error.
    bool inflate(const unsigned char *in, size_t size, size_t &used, unsigned char *out, size_t room, size_t &produced,
                 bool &finished);
    // After the last block: the input bytes the decoder had already taken in past it (at most
    // 8, after the padding to a byte boundary), which are the start of what follows.
    size_t trailerBytes(unsigned char *into);

private:
    // `trial`: also checks that the bytes known are text.
    bool step(const unsigned char *in, size_t size, size_t &used, size_t room, bool trial);

    std::unique_ptr<inflate_state> m_first, m_second;
    std::unique_ptr<unsigned char[]> m_out1, m_out2;  // scratch output
    uint64_t m_produced = 0;
    size_t m_consumed = 0;
};

} // namespace sharescope

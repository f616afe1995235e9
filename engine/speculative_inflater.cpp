#include "speculative_inflater.h"

#include <isa-l/igzip_lib.h>

#include <cstring>

namespace sharescope {

namespace {

constexpr size_t kScratch = 256u << 10;

// The two dictionaries: window position i is coded as (first[i], second[i]), never equal.
struct WindowCodes {
    unsigned char first[SpeculativeInflater::kWindow], second[SpeculativeInflater::kWindow];
    WindowCodes()
    {
        for (unsigned i = 0; i < SpeculativeInflater::kWindow; ++i) {
            first[i] = static_cast<unsigned char>(i & 0xff);
            second[i] = static_cast<unsigned char>(((i & 0xff) + 1 + (i >> 8)) & 0xff);
        }
    }
};
const WindowCodes &codes()
{
    static const WindowCodes c;
    return c;
}

// `n` (<= 25) bits of `data` from bit `bit`, least significant first (RFC 1951 section 3.1.1).
unsigned bitsAt(const unsigned char *data, uint64_t bit, unsigned n)
{
    uint32_t v = 0;
    for (unsigned k = 0; k < 4; ++k)
        v |= uint32_t(data[bit / 8 + k]) << (8 * k);
    return (v >> (bit % 8)) & ((1u << n) - 1);
}

bool textByte(unsigned char c) { return c >= 0x20 || c == '\n' || c == '\r' || c == '\t'; }

void startAt(inflate_state &st, const unsigned char *dictionary, const unsigned char *data, uint64_t bit)
{
    isal_inflate_init(&st);
    st.crc_flag = ISAL_DEFLATE;
    isal_inflate_set_dict(&st, const_cast<unsigned char *>(dictionary), SpeculativeInflater::kWindow);
    // The first byte's bits from `bit` on go in the decoder's bit buffer ("bits buffered to
    // handle unaligned streams"); the input then goes on at the next byte.
    st.read_in = data[bit / 8] >> (bit % 8);
    st.read_in_length = static_cast<int32_t>(8 - bit % 8);
}

} // namespace

SpeculativeInflater::SpeculativeInflater()
    : m_first(std::make_unique<inflate_state>()), m_second(std::make_unique<inflate_state>()),
      m_out1(new unsigned char[kScratch]), m_out2(new unsigned char[kScratch])
{
}

SpeculativeInflater::~SpeculativeInflater() = default;

bool SpeculativeInflater::mayStartBlock(const unsigned char *data, size_t size, uint64_t bit)
{
    if (bit / 8 + 16 > size)
        return false;
    if (bitsAt(data, bit, 3) != 4)  // BFINAL 0, then BTYPE 2 (dynamic Huffman codes)
        return false;
    const unsigned hlit = bitsAt(data, bit + 3, 5), hdist = bitsAt(data, bit + 8, 5), hclen = bitsAt(data, bit + 13, 4) + 4;
    if (hlit > 29 || hdist > 29)
        return false;
    // The code-length code's lengths (3 bits each) must make a complete prefix code.
    unsigned count[8] = {};
    for (unsigned i = 0; i < hclen; ++i)
        ++count[bitsAt(data, bit + 17 + 3 * i, 3)];
    int left = 1;
    for (unsigned len = 1; len < 8; ++len) {
        left = left * 2 - static_cast<int>(count[len]);
        if (left < 0)
            return false;
    }
    return left == 0;
}

bool SpeculativeInflater::step(const unsigned char *in, size_t size, size_t &used, size_t room, bool trial)
{
    inflate_state *states[2] = {m_first.get(), m_second.get()};
    unsigned char *outs[2] = {m_out1.get(), m_out2.get()};
    size_t usedBy[2], producedBy[2];
    for (int k = 0; k < 2; ++k) {
        inflate_state &st = *states[k];
        st.next_in = const_cast<unsigned char *>(in);
        st.avail_in = static_cast<uint32_t>(size);
        st.next_out = outs[k];
        st.avail_out = static_cast<uint32_t>(room);
        if (isal_inflate(&st) != ISAL_DECOMP_OK || st.block_state == ISAL_BLOCK_FINISH)
            return false;
        usedBy[k] = size - st.avail_in;
        producedBy[k] = room - st.avail_out;
    }
    // The two read the same bits: only the bytes they copy from the window differ.
    if (usedBy[0] != usedBy[1] || producedBy[0] != producedBy[1])
        return false;
    used = usedBy[0];
    m_produced += producedBy[0];
    if (trial)
        for (size_t i = 0; i < producedBy[0]; ++i)
            if (m_out1[i] == m_out2[i] && !textByte(m_out1[i]))
                return false;  // a known byte no JSON holds: not this stream's text (or not a block start)
    return true;
}

bool SpeculativeInflater::begin(const unsigned char *data, size_t size, uint64_t bit)
{
    if (!mayStartBlock(data, size, bit))
        return false;
    startAt(*m_first, codes().first, data, bit);
    startAt(*m_second, codes().second, data, bit);
    m_produced = 0;
    m_consumed = static_cast<size_t>(bit / 8 + 1);
    size_t used = 0;
    if (!step(data + m_consumed, size - m_consumed, used, kTrialBytes, true) || m_produced < kTrialBytes)
        return false;
    m_consumed += used;
    return true;
}

bool SpeculativeInflater::speculate(const unsigned char *in, size_t size, size_t &used)
{
    return step(in, size, used, kScratch, false);
}

bool SpeculativeInflater::inLastBlock() const { return m_first->bfinal != 0; }

bool SpeculativeInflater::resolve(const unsigned char window[kWindow])
{
    inflate_state &a = *m_first, &b = *m_second;
    if (a.tmp_out_valid != b.tmp_out_valid || a.tmp_out_processed != b.tmp_out_processed
        || a.write_overflow_len != b.write_overflow_len || a.copy_overflow_length != b.copy_overflow_length
        || a.tmp_out_valid < 0 || a.tmp_out_valid > static_cast<int32_t>(sizeof a.tmp_out_buffer))
        return false;
    // Between calls ISA-L keeps its history (and bytes not handed out yet) in tmp_out_buffer.
    for (int32_t j = 0; j < a.tmp_out_valid; ++j) {
        const unsigned first = a.tmp_out_buffer[j], second = b.tmp_out_buffer[j];
        if (first == second)
            continue;
        const unsigned index = ((second - first - 1) & 0xff) << 8 | first;
        if (index >= kWindow)
            return false;
        a.tmp_out_buffer[j] = window[index];
    }
    m_second.reset();
    return true;
}

bool SpeculativeInflater::inflate(const unsigned char *in, size_t size, size_t &used, unsigned char *out, size_t room,
                                  size_t &produced, bool &finished)
{
    inflate_state &st = *m_first;
    st.next_in = const_cast<unsigned char *>(in);
    st.avail_in = static_cast<uint32_t>(size);
    st.next_out = out;
    st.avail_out = static_cast<uint32_t>(room);
    const int r = isal_inflate(&st);
    used = size - st.avail_in;
    produced = room - st.avail_out;
    finished = st.block_state == ISAL_BLOCK_FINISH;
    return r == ISAL_DECOMP_OK;
}

size_t SpeculativeInflater::trailerBytes(unsigned char *into)
{
    inflate_state &st = *m_first;
    uint64_t bits = st.read_in >> (st.read_in_length % 8);
    size_t n = 0;
    for (int i = 0; i < st.read_in_length / 8 && n < 8; ++i, bits >>= 8)
        into[n++] = static_cast<unsigned char>(bits & 0xff);
    st.read_in = 0;
    st.read_in_length = 0;
    return n;
}

} // namespace sharescope

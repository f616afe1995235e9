#pragma once
// Gzip fixtures made in the test: one gzip member of `bytes` (zlib; the tests that
// include this link ZLIB::ZLIB).

#include <QByteArray>

#include <zlib.h>

namespace sharescope::test {

namespace detail {
// `bytes` deflated into one gzip member with `header` (may be null: a plain header).
inline QByteArray gzipWith(const QByteArray &bytes, int level, gz_header *header, int headerBytes)
{
    z_stream z{};
    deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    if (header)
        deflateSetHeader(&z, header);
    QByteArray out(int(deflateBound(&z, uLong(bytes.size()))) + headerBytes, '\0');
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(bytes.constData()));
    z.avail_in = uInt(bytes.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = uInt(out.size());
    deflate(&z, Z_FINISH);
    out.resize(int(z.total_out));
    deflateEnd(&z);
    return out;
}
} // namespace detail

inline QByteArray gzipMember(const QByteArray &bytes, int level = 1) { return detail::gzipWith(bytes, level, nullptr, 0); }

// One gzip member whose header carries every optional field (RFC 1952 section 2.3: an
// extra field of `extraBytes`, a file name, a comment and the header's own CRC-16), which a
// reader must skip.
inline QByteArray gzipMemberWithHeader(const QByteArray &bytes, int extraBytes)
{
    QByteArray extra(extraBytes, 'x');
    char name[] = "records.json", comment[] = "made by a test";
    gz_header header{};
    header.extra = reinterpret_cast<Bytef *>(extra.data());
    header.extra_len = uInt(extra.size());
    header.name = reinterpret_cast<Bytef *>(name);
    header.comment = reinterpret_cast<Bytef *>(comment);
    header.hcrc = 1;
    return detail::gzipWith(bytes, 1, &header, extraBytes + 64);
}

} // namespace sharescope::test

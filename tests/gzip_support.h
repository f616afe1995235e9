#pragma once
// Gzip fixtures made in the test: one gzip member of `bytes` (zlib; the tests that
// include this link ZLIB::ZLIB).

#include <QByteArray>

#include <zlib.h>

namespace sharescope::test {

inline QByteArray gzipMember(const QByteArray &bytes, int level = 1)
{
    z_stream z{};
    deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    QByteArray out(int(deflateBound(&z, uLong(bytes.size()))), '\0');
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(bytes.constData()));
    z.avail_in = uInt(bytes.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = uInt(out.size());
    deflate(&z, Z_FINISH);
    out.resize(int(z.total_out));
    deflateEnd(&z);
    return out;
}

// One gzip member whose header carries every optional field (RFC 1952 section 2.3: an
// extra field of `extraBytes`, a file name, a comment and the header's own CRC-16), which a
// reader must skip.
inline QByteArray gzipMemberWithHeader(const QByteArray &bytes, int extraBytes)
{
    z_stream z{};
    deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    QByteArray extra(extraBytes, 'x');
    char name[] = "records.json", comment[] = "made by a test";
    gz_header header{};
    header.extra = reinterpret_cast<Bytef *>(extra.data());
    header.extra_len = uInt(extra.size());
    header.name = reinterpret_cast<Bytef *>(name);
    header.comment = reinterpret_cast<Bytef *>(comment);
    header.hcrc = 1;
    deflateSetHeader(&z, &header);
    QByteArray out(int(deflateBound(&z, uLong(bytes.size()))) + extraBytes + 64, '\0');
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(bytes.constData()));
    z.avail_in = uInt(bytes.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = uInt(out.size());
    deflate(&z, Z_FINISH);
    out.resize(int(z.total_out));
    deflateEnd(&z);
    return out;
}

} // namespace sharescope::test

// The container reader over a whole buffer, then both rules over every event it
// hands out: whatever the bytes, no crash, no leak, no undefined behaviour, and
// every event located inside the buffer. The first byte picks the prefilter
// (every record parsed, or rule 0236's, or extended mode's).
#include "container_reader.h"
#include "extended_rule.h"
#include "rule0236.h"

#include <cstdint>
#include <cstdlib>

using namespace sharescope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    static const NameFilter kFilters[] = {[](std::string_view) { return true; }, &Rule0236::mayMatchEventName,
                                          &ExtendedRule::mayMatchEventName};
    const NameFilter filter = kFilters[data[0] % 3];
    const char *bytes = reinterpret_cast<const char *>(data + 1);
    const size_t length = size - 1;

    ContainerReader reader(filter);
    ExtendedRule extended;
    Rule0236 sentinel;
    std::vector<Alert> alerts;
    std::vector<TimedRevocation> revocations;
    ExtendedStats stats;
    const ContainerStats read = reader.read(bytes, length, 0, [&](const CloudTrailEvent &event, const EventLocation &where) {
        if (where.offset > length || where.length > length - where.offset)
            std::abort();  // an event must lie inside what was read
        extended.evaluate(event, alerts, revocations, stats);
        sentinel.evaluate(event, alerts);
    });
    if (read.badRecords > read.records + 1 || (read.badRecords > 0 && read.firstBadOffset > length))
        std::abort();
    return 0;
}

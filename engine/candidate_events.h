#pragma once
// The event names the detection reads, in one list built from the rules' own
// tables (rule 0236's SharingEvents, the detectors' registry). The prefilter asks
// it which records to parse, and the data-lake queries select exactly these, so a
// query can never leave out an event the scan would have read.

#include <span>
#include <string_view>

namespace sharescope {

struct EventNamePattern {
    std::string_view name;  // as AWS spells it
    bool prefix = false;    // Lambda's names carry an API version: "AddPermission20150331v2"
};

// Rule 0236 alone (`sentinel` true), or everything the extended mode reads (which
// includes rule 0236's events); deduplicated without case, exact names that a prefix
// already covers left out, in the tables' order.
std::span<const EventNamePattern> candidateEventNames(bool sentinel);

// Whether a lower-cased event name matches one of `patterns`, compared without case.
bool matchesCandidate(std::span<const EventNamePattern> patterns, std::string_view lowerCaseName);

// The same as matchesCandidate(candidateEventNames(sentinel), name), by a hash lookup:
// what the prefilter asks of every record.
bool isCandidateName(bool sentinel, std::string_view lowerCaseName);

} // namespace sharescope

#pragma once
// AlertKey: what identifies an alert across rescans, machines and tool runs, so that
// reviews, notes and history can be attached to it. It is the eventID plus the
// identity of the grant (resource type and id, grantee, statement id) and an ordinal
// for the rare alerts of one event that still coincide. Not a file offset (that
// changes when files are added) and not the eventID alone (one event gives several alerts).

#include "alert.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace sharescope {

// The key as text: a compact JSON array, unambiguous whatever the values hold,
// e.g. ["3c5f…","S3Bucket","my-bucket","444455556666","",0]. Stored in case files.
std::string alertKeyText(const Alert &alert);
std::string alertKeyText(std::string_view eventId, std::string_view resourceType, std::string_view resourceId,
                         std::string_view grantee, std::string_view statementId, uint16_t ordinal);

// The grantee part of the key and of trust: the added account, else the raw grantee.
std::string_view grantIdentity(const Alert &alert);

// A 64-bit FNV-1a digest of the key text, for in-memory lookups (collisions are
// astronomically unlikely at a million alerts, and lookups compare the text anyway).
uint64_t alertKeyHash(std::string_view keyText);

} // namespace sharescope

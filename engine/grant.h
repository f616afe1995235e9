#pragma once
// What a detector finds in one event: a grant of access to someone, a
// revocation of an earlier grant, or a guardrail change. The extended rule turns
// grants into alerts after applying the owner and trust logic.

#include "alert_enums.h"

#include <string>
#include <vector>

namespace sharescope {

struct Grant {
    std::string resourceType;           // AMI, EBSSnapshot, S3Bucket, IAMRole, KMSKey, ...
    std::string resourceId;
    GranteeKind kind = GranteeKind::Unknown;
    std::string account;                // 12-digit account, "*" for public, o-/ou- id for organisations
    std::string grantee;                // the raw value as written in the event
    bool isPublic = false;
    std::vector<std::string> conditions;
    std::vector<std::string> access;    // actions or operations granted
    std::string path;                   // JSON path of the grantee in the event
    bool trustPolicy = false;           // who may assume an IAM role: a backdoor when external
    bool guardrail = false;             // a protection switched off (info), not a grant
    std::string cannotEvaluate;         // reason when the grant could not be read (low)
    std::string statementId;            // Lambda/EventBridge statement id, to match a later RemovePermission
    std::string via;                    // "policy" when granted by a resource policy (replaced as a whole)
    std::vector<std::string> orgLimits; // organisations/OUs it is limited to or within: trusting one hides it
    bool accountWide = false;           // the account's own resource or setting (ECR registry, Glue catalog, account-wide
                                        // public-access blocks): named by the owner's id
};

// What identifies a grantee: its account (or org, or "*"), else its raw value.
inline const std::string &grantKey(const Grant &g) { return g.account.empty() ? g.grantee : g.account; }

// Ends earlier grants on a resource: one grantee, one statement, or — for a
// policy replaced by another — every grantee the new policy no longer names.
struct Revocation {
    std::string resourceType;
    std::string resourceId;
    std::string account;                // the grantee removed
    std::string statementId;            // or the statement removed
    bool replaces = false;              // a new policy: grantees not in `keeps` are gone
    std::vector<std::string> keeps;
    std::string via;                    // only grants made the same way ("policy") are replaced
    bool accountWide = false;           // of the account's own resource: named by the owner's id, as its grants

    static Revocation ofGrantee(std::string type, std::string id, std::string account)
    {
        Revocation r;
        r.resourceType = std::move(type);
        r.resourceId = std::move(id);
        r.account = std::move(account);
        return r;
    }
    static Revocation ofStatement(std::string type, std::string id, std::string statementId)
    {
        Revocation r;
        r.resourceType = std::move(type);
        r.resourceId = std::move(id);
        r.statementId = std::move(statementId);
        return r;
    }
    // A whole policy set anew (`keeps` empty: removed): grants it does not name are gone.
    static Revocation policyReplaced(std::string type, std::string id, std::vector<std::string> keeps)
    {
        Revocation r;
        r.resourceType = std::move(type);
        r.resourceId = std::move(id);
        r.replaces = true;
        r.keeps = std::move(keeps);
        r.via = "policy";
        return r;
    }
};

struct Findings {
    std::vector<Grant> grants;
    std::vector<Revocation> revocations;
};

} // namespace sharescope

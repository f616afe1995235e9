#pragma once
// What a grouped view groups alerts by, and the one function that says which group an
// alert falls in: the group view (group_model.h) and the alert filter's group filter
// (alert_filter.h) both use it, so a group and the alerts it filters to always agree.

#include "alert_model.h"

namespace sharescope::session {

enum class GroupBy : quint8 {
    Account,   // the grantee: the added account, else the raw grantee (a canonical user, an OIDC provider)
    Resource,  // the shared resource's id
    Actor,     // who shared it: the caller's ARN, else its account
};

// The pool id of the text the row is grouped under (0 when it has none: a guardrail
// change names no grantee).
inline quint32 groupKeyOf(const AlertModel::Row &row, GroupBy by)
{
    switch (by) {
    case GroupBy::Account:
        return row.trustId;
    case GroupBy::Resource:
        return row.text[static_cast<size_t>(AlertField::SharedResourceId)];
    case GroupBy::Actor:
        if (const quint32 arn = row.text[static_cast<size_t>(AlertField::ActorArn)])
            return arn;
        return row.text[static_cast<size_t>(AlertField::ActorAccountId)];
    }
    return 0;
}

} // namespace sharescope::session

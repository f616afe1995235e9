#pragma once
// What every alert of one event says about the event itself: read from the event once,
// then shared by each alert it raises (shared_text.h), so an event that raises forty
// thousand alerts holds its long values once.

#include "alert.h"
#include "shared_text.h"

namespace sharescope {

class CloudTrailEvent;

struct EventHeader {
    SharedText eventId, eventTime, eventName, eventSource, awsRegion;
    SharedText actorAccountId, userAccount, actorArn, sourceIp, userAgent, errorCode;

    // eventSource as the event has it (present and empty stays ""); userAccount is the
    // last '/' field of the actor's ARN, as rule 0236 computes UserAccount.
    static EventHeader of(const CloudTrailEvent &event);
    // Sets the alert's event fields to these (pointer copies).
    void applyTo(Alert &alert) const;
};

} // namespace sharescope

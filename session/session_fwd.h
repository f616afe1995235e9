#pragma once
// Forward declarations of the session classes, for headers that only hold pointers.

namespace sharescope::session {
class AlertFilter;
class AlertModel;
class AlertTimeline;
class AllowList;
class AllowListModel;
class GroupModel;
class Investigation;
class ScanController;
struct AllowEntry;
struct ScanStatus;
} // namespace sharescope::session

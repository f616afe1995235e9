#pragma once
// `sharescope query`: prints the query that makes a data-lake engine select the
// candidate events (engine/lake_query.h). Engine only, no Qt.

namespace sharescope {

// argv[0] is "query". Returns the exit status: 0 printed, 2 usage error.
int runQueryCommand(int argc, char **argv);

} // namespace sharescope

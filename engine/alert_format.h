#pragma once
// Writes alerts as JSON lines, RFC 4180 CSV or an aligned text table.

#include "alert.h"

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace sharescope {

enum class OutputFormat { Jsonl, Csv, Table };

// Appends `s` as a JSON string literal (quotes included), escaping as RFC 8259 requires.
void appendJsonString(std::string &out, std::string_view s);

// One alert as a one-line JSON object; `filePath` names alert.location.fileIndex's file.
std::string alertToJson(const Alert &alert, const std::string &filePath);

// `toTerminal`: the text goes to a terminal, so control and bidi characters from the
// logs are replaced (they could drive the terminal or disguise an account id).
void writeAlerts(std::ostream &out, OutputFormat format, const std::vector<Alert> &alerts,
                 const std::vector<std::string> &filePaths, bool toTerminal = false);

// `s` with terminal control characters (C0, DEL, C1) and bidi overrides replaced by '?'.
std::string printable(const std::string &s);

} // namespace sharescope

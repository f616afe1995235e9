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

void writeAlerts(std::ostream &out, OutputFormat format, const std::vector<Alert> &alerts,
                 const std::vector<std::string> &filePaths);

} // namespace sharescope

#pragma once
// Writes alerts as JSON lines, RFC 4180 CSV or an aligned text table.

#include "alert.h"
#include "alert_fields.h"
#include "text_safety.h"  // printable(), used with the table format

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace sharescope {

enum class OutputFormat { Jsonl, Csv, Table };

// Appends `s` as a JSON string literal (quotes included), escaping as RFC 8259 requires.
void appendJsonString(std::string &out, std::string_view s);

// One CSV cell: defanged (text_safety.h) and quoted as RFC 4180 asks.
std::string csvCell(const std::string &value);
// The catalogue fields a CSV of alerts of this mode has, in order (a `source` column follows).
std::vector<AlertField> csvColumns(bool extended);

// One alert as a one-line JSON object; `filePath` names alert.location.fileIndex's file.
std::string alertToJson(const Alert &alert, const std::string &filePath);

// `toTerminal`: the text goes to a terminal, so control characters from the logs are
// replaced in jsonl (they could drive the terminal). The table format always shows
// invisible and bidi characters as `<U+200B>` escapes; CSV always escapes control and
// invisible characters and neutralises formulas (text_safety.h).
void writeAlerts(std::ostream &out, OutputFormat format, const std::vector<Alert> &alerts,
                 const std::vector<std::string> &filePaths, bool toTerminal = false);

} // namespace sharescope

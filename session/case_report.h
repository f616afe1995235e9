#pragma once
// The case as a report to hand on (a colleague, a ticket): the findings with their
// decisions and notes, the allow-list, the inputs with their SHA-256, the tool
// version and mode — read from the case file alone, so it needs no logs. HTML (one
// self-contained page, every value escaped) or Markdown.

#include "case_file.h"

#include <QString>

namespace sharescope::session {

enum class ReportFormat { Html, Markdown };

QString renderReport(const CaseFile &caseFile, ReportFormat format);

} // namespace sharescope::session

#pragma once
// Undoable changes to the allow-list: trusting, untrusting, relabelling.

#include "session_fwd.h"
#include "allow_list.h"

#include <QUndoCommand>

namespace sharescope::gui {

class TrustCommand : public QUndoCommand {
public:
    TrustCommand(session::AllowList *list, session::AllowEntry entry)
        : m_list(list), m_entry(std::move(entry))
    {
        setText(QObject::tr("Trust %1").arg(m_entry.account));
    }
    void redo() override { m_list->add(m_entry); }
    void undo() override { m_list->remove(m_entry.account); }

private:
    session::AllowList *m_list;
    session::AllowEntry m_entry;
};

class UntrustCommand : public QUndoCommand {
public:
    UntrustCommand(session::AllowList *list, session::AllowEntry entry)
        : m_list(list), m_entry(std::move(entry))
    {
        setText(QObject::tr("Remove %1 from the allow-list").arg(m_entry.account));
    }
    void redo() override { m_list->remove(m_entry.account); }
    void undo() override { m_list->add(m_entry); }

private:
    session::AllowList *m_list;
    session::AllowEntry m_entry;
};

class LabelCommand : public QUndoCommand {
public:
    LabelCommand(session::AllowList *list, QString account, QString before, QString after)
        : m_list(list), m_account(std::move(account)), m_before(std::move(before)), m_after(std::move(after))
    {
        setText(QObject::tr("Label %1").arg(m_account));
    }
    void redo() override { m_list->setLabel(m_account, m_after); }
    void undo() override { m_list->setLabel(m_account, m_before); }

private:
    session::AllowList *m_list;
    QString m_account, m_before, m_after;
};

} // namespace sharescope::gui

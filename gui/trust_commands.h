#pragma once
// Undoable changes to the allow-list: trusting, untrusting, editing an entry's label,
// justification, owner or expiry.

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

class EditEntryCommand : public QUndoCommand {
public:
    // `before` and `after` as AllowList::setField takes them.
    EditEntryCommand(session::AllowList *list, QString account, session::AllowField field, QVariant before, QVariant after)
        : m_list(list), m_account(std::move(account)), m_field(field), m_before(std::move(before)), m_after(std::move(after))
    {
        static const char *const kWhat[] = {"Label %1", "Justify %1", "Set the owner of %1", "Set when %1 expires"};
        setText(QObject::tr(kWhat[static_cast<int>(field)]).arg(m_account));
    }
    void redo() override { m_list->setField(m_account, m_field, m_after); }
    void undo() override { m_list->setField(m_account, m_field, m_before); }

private:
    session::AllowList *m_list;
    QString m_account;
    session::AllowField m_field;
    QVariant m_before, m_after;
};

} // namespace sharescope::gui

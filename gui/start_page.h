#pragma once
// What the window shows before any log is open: the three ways in, and the recent list.

#include <QWidget>

class QListWidget;
class QPushButton;

namespace sharescope::gui {

class StartPage : public QWidget {
    Q_OBJECT
public:
    explicit StartPage(QWidget *parent = nullptr);
    void setRecent(const QStringList &paths);

    QPushButton *openFilesButton() const { return m_openFiles; }
    QPushButton *openFolderButton() const { return m_openFolder; }
    QPushButton *sampleButton() const { return m_sample; }
    QListWidget *recentList() const { return m_recent; }

signals:
    void openFilesRequested();
    void openFolderRequested();
    void sampleRequested();
    void recentRequested(const QString &path);

private:
    QPushButton *m_openFiles, *m_openFolder, *m_sample;
    QListWidget *m_recent;
};

} // namespace sharescope::gui
